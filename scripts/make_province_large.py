#!/usr/bin/env python3
"""Writes scenarios/province-large.toml: 100 development zones of a large
coastal-and-inland province (about 1,000,000 firms and 20,000,000 workers),
the scale test of docs/performance.md.

The province is stylised, not a real one: 12 cities on a 700 x 500 km map,
each with a core high-tech zone and several economic-and-technological
development zones of one of seven archetypes (auto, petrochemicals and
materials, light industry, electronics and IT, new energy, logistics hub,
high-tech). Zone sizes follow a Zipf-like rank-size rule, as the sizes of
Chinese development zones do. Every lever of MODEL.md is switched on in some
zones; cooperation agreements pair each core zone with a small zone of
another city, and logistics channels and bonded zones sit in the hubs.

Sectors, markets, behaviour and the Wuhan ETDZ come from baseline.toml.
Firms are smaller than in the baseline (about 20 workers a firm rather than
40), as in a province's whole register of enterprises above the small-firm
threshold. The script is deterministic (fixed seed); run it from the
repository root:  python3 scripts/make_province_large.py
"""

import random

from make_province import SERVICES, firm_sections, people_and_government, shares  # noqa: E402 (same folder)

# Smallest and largest firm (employees) by sector; employment is rescaled to
# the workforce at step 0, so these set the shape of the distribution.
SIZES = {"auto_oem": (500, 8000), "auto_parts": (5, 3000), "food": (5, 1500), "petrochem": (10, 3000),
         "textiles": (5, 1500), "intelligent_mfg": (5, 2000), "it": (3, 2000), "new_materials": (5, 2000),
         "new_energy": (5, 3000), "ai_bigdata": (2, 800), "cloud_mobile": (2, 800), "rd_services": (2, 600),
         "logistics": (3, 1500), "trade_finance": (2, 500)}

# Archetypes: specialisation shares (the rest spread over services and IT).
ARCHETYPES = {
    "auto": {"auto_oem": 0.01, "auto_parts": 0.40, "intelligent_mfg": 0.10, "new_energy": 0.08, "food": 0.05},
    "chem": {"petrochem": 0.30, "new_materials": 0.25, "food": 0.10, "new_energy": 0.05},
    "light": {"textiles": 0.35, "food": 0.30, "auto_parts": 0.05},
    "electronics": {"intelligent_mfg": 0.25, "it": 0.25, "new_materials": 0.08, "cloud_mobile": 0.05},
    "energy": {"new_energy": 0.35, "new_materials": 0.20, "intelligent_mfg": 0.10},
    "hub": {"logistics": 0.35, "trade_finance": 0.10, "food": 0.10, "it": 0.08},
    "hightech": {"it": 0.30, "ai_bigdata": 0.12, "cloud_mobile": 0.10, "intelligent_mfg": 0.10,
                 "rd_services": 0.08, "new_energy": 0.05},
}

# Cities: id, Chinese name, English name, x km, y km, number of zones, wage factor.
CITIES = [
    ("haicheng", "海城", "Haicheng", 600, 100, 12, 1.25),
    ("jiangning", "江宁", "Jiangning", 500, 250, 11, 1.15),
    ("suyang", "苏阳", "Suyang", 560, 320, 10, 1.1),
    ("huaibei", "淮北", "Huaibei", 380, 420, 9, 0.9),
    ("lianhe", "连和", "Lianhe", 650, 450, 8, 0.95),
    ("xuzhou", "徐州", "Xuzhou", 250, 480, 8, 0.85),
    ("yancheng", "盐城", "Yancheng", 640, 380, 8, 0.9),
    ("taixing", "泰兴", "Taixing", 450, 180, 8, 1.0),
    ("changzhou", "常州", "Changzhou", 520, 160, 8, 1.05),
    ("nantong", "南通", "Nantong", 620, 220, 7, 1.0),
    ("suqian", "宿迁", "Suqian", 320, 380, 6, 0.8),
    ("xishan", "西山", "Xishan", 100, 300, 4, 0.75),
]  # 99 zones; with the Wuhan ETDZ from baseline.toml, 100

KINDS = ["高新区", "经开区", "综合保税区", "产业园", "开发区"]
KINDS_EN = ["High-tech Zone", "ETDZ", "Comprehensive Bonded Zone", "Industrial Park", "Development Zone"]
ARCH_ZH = {"auto": "汽车", "chem": "化工新材料", "light": "轻工", "electronics": "电子信息", "energy": "新能源",
           "hub": "临港物流", "hightech": "科创"}

WORKERS = 19_800_000  # the 99 zones here; the Wuhan ETDZ brings 200,000
WORKERS_PER_FIRM = 20


def zones():
    rng = random.Random(2012)
    out = []
    for (cid, czh, cen, cx, cy, n, wf) in CITIES:
        for k in range(n):
            if k == 0:
                arch = "hightech"
            elif k == 1 and cid in ("haicheng", "nantong", "lianhe", "yancheng", "taixing"):
                arch = "hub"
            else:
                arch = rng.choice(["auto", "chem", "light", "electronics", "energy", "light", "auto"])
            kind = 0 if k == 0 else (2 if arch == "hub" else rng.choice([1, 1, 3, 4]))
            zid = f"{cid}_{k + 1:02d}"
            zh = f"{czh}{ARCH_ZH[arch]}{KINDS[kind]}" if k > 0 else f"{czh}{KINDS[kind]}"
            en = f"{cen} {arch} {KINDS_EN[kind]}" if k > 0 else f"{cen} {KINDS_EN[kind]}"
            x = cx + rng.uniform(-25, 25)
            y = cy + rng.uniform(-25, 25)
            weight = (1.0 / (k + 1) ** 0.8) * wf * rng.uniform(0.8, 1.2)
            out.append(dict(id=zid, zh=zh, en=en, x=x, y=y, weight=weight, wf=wf, arch=arch, core=(k == 0),
                            city=cid))
    total = sum(z["weight"] for z in out)
    for z in out:
        z["workforce"] = int(round(WORKERS * z["weight"] / total / 100) * 100)
    return out


# Levers every zone runs (share of 4e-4 x workforce, ¥ million a quarter),
# as in province.toml.
STANDARD = [("attraction", 0.75), ("talent_subsidy", 0.75), ("rd_subsidy", 0.75), ("upgrade_subsidy", 0.2),
            ("high_growth_support", 0.1), ("public_services", 0.4), ("ecology", 0.15)]


def zone_toml(z, i):
    wf, workforce, zid = z["wf"], z["workforce"], z["id"]
    firms_total = workforce / WORKERS_PER_FIRM
    amenity = round(0.8 + 0.4 * (wf - 0.75) / 0.5 + (0.1 if z["core"] else 0.0), 2)
    env = 0.55 if z["arch"] == "chem" else (0.8 if wf < 0.9 else 0.7)
    tc = round(0.036 - 0.012 * (wf - 0.75) / 0.5, 3)
    out = [f"[zones.{zid}]", f'name = "{z["en"]}"', f'name_zh = "{z["zh"]}"',
           f"location = [{z['x']:.1f}, {z['y']:.1f}]",
           f"land = {max(400, round(workforce / 200_000 * 8000 / 100) * 100):.1f}", f"amenity = {amenity}",
           f"environment = {env}", f"transaction_cost = {tc}", "approval_delay = 2.0",
           f"housing_cost = {round(0.6 + 0.4 * wf, 2)}",
           "platforms = %.1f" % (1.0 if workforce >= 250_000 or z["core"] else 0.0)]
    out += people_and_government(workforce, wf, 1.6 if z["arch"] == "hightech" else (0.7 if wf < 0.9 else 1.0))
    sizes = 4.0e-4 * workforce
    out.append("")
    out.append(f"[zones.{zid}.levers]")
    for lever, share in STANDARD:
        out.append(f"{lever}.size = {share * sizes:.1f}")
    # The other levers, each in the zones it suits, so that every lever of
    # MODEL.md is on somewhere.
    arch = z["arch"]
    if arch == "auto" and i % 2 == 0:
        out.append(f"chain_clustering.size = {0.5 * sizes:.1f}")
        out.append("chain_clustering.start = 4")
    if arch == "chem":
        out.append(f"green_constraint.size = {0.05 * sizes:.1f}")
        out.append("green_constraint.cap = 0.9")
        out.append("green_constraint.start = 8")
    if arch in ("hub", "hightech"):
        out.append(f"producer_services.size = {0.3 * sizes:.1f}")
    if z["core"]:
        out.append(f"top_talent.size = {0.2 * sizes:.1f}")
        out.append("top_talent.cost_per_recruit = 2.0")
    if i % 3 == 0:
        out.append(f"admin_reform.size = {0.05 * sizes:.1f}")
        out.append("admin_reform.start = 4")
    if i % 4 == 1:
        out.append(f"cadre_incentives.size = {0.05 * sizes:.1f}")
    if arch in ("electronics", "energy") and i % 2 == 1:
        out.append(f"overseas_bases.size = {0.1 * sizes:.1f}")
        out.append("overseas_bases.start = 12")
    if wf >= 1.05:
        out.append(f"smart_governance.size = {0.05 * sizes:.1f}")
    if arch == "hub":
        out.append(f"bonded_zone.size = {0.05 * sizes:.1f}")
        out.append("bonded_zone.start = 2")
    out.append("")
    if z["core"]:
        out.append(f"[[zones.{zid}.levers.innovation_platforms]]")
        out.append(f'name = "{z["zh"]}创新中心"')
        out.append(f"cost = {round(0.002 * workforce):.1f}")
        out.append("build_quarters = 8")
        out.append("start = 4")
        out.append("")
    if arch == "hub":
        out.append(f"[[zones.{zid}.levers.logistics_channels]]")
        out.append('name = "Sea-rail intermodal route"')
        out.append('name_zh = "海铁联运"')
        out.append('markets = ["eu", "asean"]')
        out.append("trade_cost_cut = 0.15")
        out.append("start = 6")
        out.append(f"size = {0.03 * sizes:.1f}")
        out.append("")
    out.extend(firm_sections(zid, shares(ARCHETYPES[arch]), firms_total, workforce, SIZES, workers_per_oem=300))
    return "\n".join(out)


HEADER = '''# Province-large: the scale test of docs/performance.md. 100 development zones
# of a large stylised province (12 cities; the Wuhan ETDZ of baseline.toml
# plus 99 generated zones), about 1,000,000 firms and 20,000,000 workers,
# interacting through relocation, migration and cooperation agreements, with
# every lever of MODEL.md on somewhere. Generated by
# scripts/make_province_large.py; do not edit by hand.

extends = "baseline.toml"
name = "Large province, 100 zones"
name_zh = "大型省域开发区群（100个开发区）"
description = "Scale test: 100 interacting zones, about 1 million firms and 20 million workers."
description_zh = "规模测试：100个相互关联的开发区，约100万家企业、2000万劳动者。"

[simulation]
replicates = 1

'''


def main():
    zs = zones()
    cores = [z for z in zs if z["core"]]
    small = sorted([z for z in zs if not z["core"]], key=lambda z: z["workforce"])
    coop = []
    for j, c in enumerate(cores):
        host = next(z for z in small[j * 3:] if z["city"] != c["city"])
        coop.append("[[cooperation]]\nhome = \"%s\"\nhost = \"%s\"\nrevenue_share = 0.5\nrelocation_boost = 8.0\nsize = %.1f\nstart = 4\n"
                    % (c["id"], host["id"], 1e-5 * c["workforce"]))
    text = HEADER + "\n".join(coop) + "\n" + "\n".join(zone_toml(z, i) for i, z in enumerate(zs))
    with open("scenarios/province-large.toml", "w", encoding="utf-8") as f:
        f.write(text)
    workers = sum(z["workforce"] for z in zs) + 200_000
    print(f"wrote scenarios/province-large.toml: {len(zs) + 1} zones, {workers} workers")


if __name__ == "__main__":
    main()
