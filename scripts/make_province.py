#!/usr/bin/env python3
"""Writes scenarios/province.toml: the baseline zone plus the province's other
development zones, each sized by its workforce and specialised in a few sectors.

The zones, their positions (km east/north of Wuhan) and specialisations are
stylised from Hubei's development zones; sizes are rounded. Run from the
repository root:  python3 scripts/make_province.py
"""

SECTORS = ["auto_oem", "auto_parts", "food", "petrochem", "textiles", "intelligent_mfg", "it",
           "new_materials", "new_energy", "ai_bigdata", "cloud_mobile", "rd_services", "logistics",
           "trade_finance"]

# Smallest and largest firm (employees) by sector, as in the baseline zone.
SIZES = {"auto_oem": (800, 8000), "auto_parts": (10, 4000), "food": (10, 2000), "petrochem": (20, 3000),
         "textiles": (10, 2000), "intelligent_mfg": (8, 2000), "it": (5, 2000), "new_materials": (8, 2000),
         "new_energy": (10, 4000), "ai_bigdata": (3, 800), "cloud_mobile": (3, 800), "rd_services": (3, 600),
         "logistics": (5, 1500), "trade_finance": (3, 500)}

# id, Chinese name, English name, x km, y km, workforce, wage factor, amenity, environment,
# transaction cost, specialisation shares (the rest spread over services)
ZONES = [
    ("east_lake", "东湖高新区", "East Lake High-tech Zone", 20, 5, 180_000, 1.1, 1.25, 0.7, 0.022,
     {"it": 0.30, "intelligent_mfg": 0.10, "ai_bigdata": 0.10, "cloud_mobile": 0.08, "new_energy": 0.05, "new_materials": 0.05}),
    ("wuhan_airport", "武汉临空港经开区", "Wuhan Airport Zone", 25, 20, 60_000, 1.0, 1.0, 0.65, 0.025,
     {"logistics": 0.25, "it": 0.15, "food": 0.10, "auto_parts": 0.10, "intelligent_mfg": 0.05}),
    ("wuhan_new_port", "武汉新港阳逻", "Wuhan New Port (Yangluo)", 35, 15, 50_000, 0.95, 0.9, 0.6, 0.025,
     {"logistics": 0.30, "petrochem": 0.15, "new_materials": 0.15, "food": 0.10}),
    ("xiangyang", "襄阳高新区", "Xiangyang High-tech Zone", -190, 250, 120_000, 0.85, 0.95, 0.7, 0.03,
     {"auto_oem": 0.08, "auto_parts": 0.35, "new_energy": 0.10, "intelligent_mfg": 0.08, "food": 0.10, "textiles": 0.05}),
    ("shiyan", "十堰经开区", "Shiyan ETDZ", -330, 300, 80_000, 0.8, 0.9, 0.8, 0.032,
     {"auto_oem": 0.12, "auto_parts": 0.45, "food": 0.08, "new_energy": 0.05}),
    ("yichang", "宜昌经开区", "Yichang ETDZ", -280, 50, 90_000, 0.85, 0.95, 0.7, 0.03,
     {"petrochem": 0.25, "new_materials": 0.20, "food": 0.15, "new_energy": 0.10}),
    ("jingzhou", "荆州经开区", "Jingzhou ETDZ", -200, -20, 60_000, 0.8, 0.9, 0.7, 0.032,
     {"petrochem": 0.10, "food": 0.20, "textiles": 0.15, "auto_parts": 0.15, "new_materials": 0.10}),
    ("huangshi", "黄石经开区", "Huangshi ETDZ", 90, -40, 60_000, 0.85, 0.9, 0.6, 0.03,
     {"new_materials": 0.30, "petrochem": 0.10, "intelligent_mfg": 0.15, "it": 0.10, "textiles": 0.05}),
    ("ezhou", "鄂州葛店经开区", "Ezhou Gedian ETDZ", 70, -10, 40_000, 0.85, 0.9, 0.7, 0.03,
     {"logistics": 0.30, "food": 0.10, "new_materials": 0.10, "it": 0.10}),
    ("xiaogan", "孝感经开区", "Xiaogan ETDZ", -40, 60, 45_000, 0.8, 0.9, 0.7, 0.032,
     {"auto_parts": 0.20, "textiles": 0.15, "food": 0.20, "new_materials": 0.05}),
    ("jingmen", "荆门高新区", "Jingmen High-tech Zone", -150, 100, 50_000, 0.8, 0.85, 0.7, 0.032,
     {"petrochem": 0.20, "new_energy": 0.20, "new_materials": 0.15, "food": 0.10}),
    ("suizhou", "随州高新区", "Suizhou High-tech Zone", -90, 170, 35_000, 0.75, 0.85, 0.75, 0.034,
     {"auto_oem": 0.06, "auto_parts": 0.40, "food": 0.20}),
    ("xiantao", "仙桃经开区", "Xiantao ETDZ", -80, -40, 35_000, 0.75, 0.85, 0.7, 0.034,
     {"textiles": 0.40, "food": 0.20, "new_materials": 0.05}),
    ("qianjiang", "潜江经开区", "Qianjiang ETDZ", -120, -30, 30_000, 0.75, 0.8, 0.7, 0.034,
     {"petrochem": 0.30, "food": 0.30}),
    ("tianmen", "天门经开区", "Tianmen ETDZ", -90, -10, 25_000, 0.72, 0.8, 0.75, 0.035,
     {"textiles": 0.25, "food": 0.25, "auto_parts": 0.10}),
    ("huanggang", "黄冈高新区", "Huanggang High-tech Zone", 70, 30, 30_000, 0.72, 0.8, 0.75, 0.035,
     {"food": 0.20, "new_materials": 0.15, "textiles": 0.10, "intelligent_mfg": 0.05}),
    ("xianning", "咸宁高新区", "Xianning High-tech Zone", 50, -80, 30_000, 0.75, 0.85, 0.8, 0.034,
     {"food": 0.15, "new_materials": 0.15, "it": 0.10, "textiles": 0.10}),
    ("enshi", "恩施高新区", "Enshi High-tech Zone", -450, -50, 15_000, 0.7, 0.8, 0.9, 0.036,
     {"food": 0.40, "logistics": 0.10}),
    ("daye", "大冶经开区", "Daye ETDZ", 80, -55, 30_000, 0.75, 0.8, 0.6, 0.034,
     {"new_materials": 0.35, "petrochem": 0.05, "food": 0.10}),
    ("hanchuan", "汉川经开区", "Hanchuan ETDZ", -30, 20, 25_000, 0.75, 0.8, 0.7, 0.035,
     {"textiles": 0.30, "food": 0.20, "auto_parts": 0.05}),
    ("zaoyang", "枣阳经开区", "Zaoyang ETDZ", -230, 280, 20_000, 0.72, 0.8, 0.75, 0.036,
     {"auto_parts": 0.30, "food": 0.30}),
    ("macheng", "麻城经开区", "Macheng ETDZ", 110, 80, 20_000, 0.72, 0.8, 0.8, 0.036,
     {"auto_parts": 0.25, "food": 0.30}),
    ("chibi", "赤壁高新区", "Chibi High-tech Zone", 40, -110, 20_000, 0.72, 0.8, 0.8, 0.036,
     {"textiles": 0.20, "food": 0.20, "new_materials": 0.20}),
]

SERVICES = {"rd_services": 0.3, "logistics": 0.35, "trade_finance": 0.35}
SKILL = {"general": 0.62, "skilled": 0.33, "high_end": 0.05}
WAGES = {"general": 0.022, "skilled": 0.034, "high_end": 0.07}


def shares(spec):
    s = dict(spec)
    rest = max(0.0, 1.0 - sum(s.values()))
    for k, w in SERVICES.items():
        s[k] = s.get(k, 0.0) + 0.6 * rest * w
    for k in ["intelligent_mfg", "it", "ai_bigdata", "cloud_mobile"]:
        s[k] = s.get(k, 0.0) + 0.4 * rest / 4
    return s


def people_and_government(workforce, wf, high_factor):
    """A zone's workforce by skill (high-end talent scaled by `high_factor`,
    the difference taken from general workers), wages (scaled by the wage
    factor `wf`) and government lines, shared by both province generators."""
    high = SKILL["high_end"] * high_factor
    gen = SKILL["general"] + SKILL["high_end"] - high
    gov = workforce / 1000
    return [
        "workforce = { general = %d, skilled = %d, high_end = %d }" % (
            round(workforce * gen), round(workforce * SKILL["skilled"]), round(workforce * high)),
        "wages = { general = %.4f, skilled = %.4f, high_end = %.4f }" % tuple(WAGES[k] * wf for k in WAGES),
        "government = { tax_retention = 0.5, budget = %.1f, overhead = %.1f, borrowing_limit = %.1f, transfers = %.1f }" % (
            24 * gov, 6 * gov * wf, 10 * gov, (1.5 if wf >= 0.9 else 3.5) * gov),
    ]


def zone_toml(z):
    (zid, zh, en, x, y, workforce, wf, amenity, env, tc, spec) = z
    firms_total = workforce / 40
    out = [f"[zones.{zid}]", f'name = "{en}"', f'name_zh = "{zh}"', f"location = [{x}.0, {y}.0]",
           f"land = {round(workforce / 200_000 * 8000 / 100) * 100:.1f}", f"amenity = {amenity}",
           f"environment = {env}", f"transaction_cost = {tc}", "approval_delay = 2.0",
           f"housing_cost = {round(0.6 + 0.4 * wf, 2)}", "platforms = %.1f" % (1.0 if workforce >= 80_000 else 0.0)]
    out += people_and_government(workforce, wf, 1.6 if zid == "east_lake" else (0.7 if wf < 0.8 else 1.0))
    sizes = 4.0e-4 * workforce  # lever budgets scale with the zone
    out.append("")
    out.append(f"[zones.{zid}.levers]")
    for lever, share in [("attraction", 0.75), ("talent_subsidy", 0.75), ("rd_subsidy", 0.75), ("upgrade_subsidy", 0.2),
                         ("high_growth_support", 0.1), ("public_services", 0.4), ("ecology", 0.15)]:
        out.append(f"{lever}.size = {share * sizes:.1f}")
    out.append("")
    out.extend(firm_sections(zid, shares(spec), firms_total, workforce, SIZES, workers_per_oem=3000))
    return "\n".join(out)


def firm_sections(zid, s, firms_total, workforce, sizes, workers_per_oem):
    """The [zones.<zid>.firms.<sector>] tables: counts from the sector shares
    `s` (carmakers counted by workforce, one per `workers_per_oem`)."""
    out = []
    for sector in SECTORS:
        n = round(firms_total * s.get(sector, 0.0))
        if sector == "auto_oem":
            n = round(workforce * s.get(sector, 0.0) / workers_per_oem)
        if n <= 0:
            continue
        lo, hi = sizes[sector]
        out.append(f"[zones.{zid}.firms.{sector}]")
        out.append(f"count = {n}")
        out.append(f"size_min = {lo}")
        out.append(f"size_max = {hi}")
        if sector == "auto_oem":
            out.append("size_alpha = 1.2")
        out.append("")
    return out


HEADER = '''# Province: the baseline zone (武汉经开区) and 23 more development zones of a
# province like Hubei, interacting through firm relocation and talent
# migration, with inter-zone cooperation agreements (飞地经济/区域托管) and
# logistics channels. Generated by scripts/make_province.py; sectors, markets,
# simulation settings and the baseline zone come from baseline.toml.

extends = "baseline.toml"
name = "Hubei-like province, 24 zones"
name_zh = "湖北式省域开发区群（24个开发区）"
description = "24 interacting development zones; sectors and the Wuhan ETDZ from baseline.toml."
description_zh = "24个相互关联的开发区；产业与武汉经开区取自baseline.toml。"

[simulation]
replicates = 5

[[cooperation]]
home = "wuhan_etdz"
host = "xiaogan"
revenue_share = 0.5
relocation_boost = 8.0
size = 5.0

[[cooperation]]
home = "east_lake"
host = "ezhou"
revenue_share = 0.5
relocation_boost = 8.0
size = 5.0

[[cooperation]]
home = "wuhan_new_port"
host = "huanggang"
revenue_share = 0.4
relocation_boost = 6.0
size = 3.0

'''

CHANNELS = '''# --- Openness: a bonded zone and logistics channels ---------------------------

[zones.wuhan_new_port.levers.bonded_zone]
size = 10.0
start = 1

[[zones.wuhan_new_port.levers.logistics_channels]]
name = "Yangtze river-sea direct route"
name_zh = "江海直达"
markets = ["asean", "japan_korea"]
trade_cost_cut = 0.2
start = 5
size = 5.0

[[zones.wuhan_airport.levers.logistics_channels]]
name = "China-Europe Railway Express (Wuhan)"
name_zh = "中欧班列（武汉）"
markets = ["eu"]
trade_cost_cut = 0.25
start = 1
size = 8.0

[[zones.ezhou.levers.logistics_channels]]
name = "Ezhou Huahu air-cargo hub"
name_zh = "鄂州花湖机场国际货运"
markets = ["eu", "north_america", "japan_korea"]
trade_cost_cut = 0.15
start = 36
size = 10.0

'''

if __name__ == "__main__":
    text = HEADER + "\n".join(zone_toml(z) for z in ZONES) + "\n" + CHANNELS
    with open("scenarios/province.toml", "w", encoding="utf-8") as f:
        f.write(text)
    total = sum(z[5] for z in ZONES) + 200_000
    print(f"wrote scenarios/province.toml: {len(ZONES) + 1} zones, {total} workers")
