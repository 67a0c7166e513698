//! The policy levers as the engine and the outputs see them: one id per
//! lever family, in the order their spending appears in every output, and
//! the fixed characteristics of each investment-attraction mode.

/// A lever family whose spending is booked separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lever {
    UpgradeSubsidy,
    GreenConstraint,
    ChainClustering,
    Attraction,
    ProducerServices,
    RdSubsidy,
    InnovationPlatforms,
    HighGrowthSupport,
    TalentSubsidy,
    TopTalent,
    AdminReform,
    CadreIncentives,
    LogisticsChannels,
    BondedZone,
    OverseasBases,
    PublicServices,
    Ecology,
    SmartGovernance,
    Cooperation,
}

pub const N_LEVERS: usize = 19;

impl Lever {
    pub const ALL: [Lever; N_LEVERS] = [
        Lever::UpgradeSubsidy,
        Lever::GreenConstraint,
        Lever::ChainClustering,
        Lever::Attraction,
        Lever::ProducerServices,
        Lever::RdSubsidy,
        Lever::InnovationPlatforms,
        Lever::HighGrowthSupport,
        Lever::TalentSubsidy,
        Lever::TopTalent,
        Lever::AdminReform,
        Lever::CadreIncentives,
        Lever::LogisticsChannels,
        Lever::BondedZone,
        Lever::OverseasBases,
        Lever::PublicServices,
        Lever::Ecology,
        Lever::SmartGovernance,
        Lever::Cooperation,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The key used in scenario files and output columns.
    pub fn key(self) -> &'static str {
        match self {
            Lever::UpgradeSubsidy => "upgrade_subsidy",
            Lever::GreenConstraint => "green_constraint",
            Lever::ChainClustering => "chain_clustering",
            Lever::Attraction => "attraction",
            Lever::ProducerServices => "producer_services",
            Lever::RdSubsidy => "rd_subsidy",
            Lever::InnovationPlatforms => "innovation_platforms",
            Lever::HighGrowthSupport => "high_growth_support",
            Lever::TalentSubsidy => "talent_subsidy",
            Lever::TopTalent => "top_talent",
            Lever::AdminReform => "admin_reform",
            Lever::CadreIncentives => "cadre_incentives",
            Lever::LogisticsChannels => "logistics_channels",
            Lever::BondedZone => "bonded_zone",
            Lever::OverseasBases => "overseas_bases",
            Lever::PublicServices => "public_services",
            Lever::Ecology => "ecology",
            Lever::SmartGovernance => "smart_governance",
            Lever::Cooperation => "cooperation",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Lever::UpgradeSubsidy => "Upgrade subsidy",
            Lever::GreenConstraint => "Green constraint",
            Lever::ChainClustering => "Chain clustering",
            Lever::Attraction => "Investment attraction",
            Lever::ProducerServices => "Producer services",
            Lever::RdSubsidy => "R&D subsidy",
            Lever::InnovationPlatforms => "Innovation platforms",
            Lever::HighGrowthSupport => "Gazelle/unicorn support",
            Lever::TalentSubsidy => "Talent subsidy",
            Lever::TopTalent => "Top-talent programme",
            Lever::AdminReform => "Administrative reform",
            Lever::CadreIncentives => "Cadre incentives",
            Lever::LogisticsChannels => "Logistics channels",
            Lever::BondedZone => "Bonded zone",
            Lever::OverseasBases => "Overseas bases",
            Lever::PublicServices => "Public services",
            Lever::Ecology => "Ecology",
            Lever::SmartGovernance => "Smart governance",
            Lever::Cooperation => "Inter-zone cooperation",
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Lever::UpgradeSubsidy => "传统产业改造升级补贴",
            Lever::GreenConstraint => "绿色约束",
            Lever::ChainClustering => "补链强链",
            Lever::Attraction => "招商引资",
            Lever::ProducerServices => "生产性服务业（2.5产业）",
            Lever::RdSubsidy => "研发补贴",
            Lever::InnovationPlatforms => "创新平台",
            Lever::HighGrowthSupport => "瞪羚/独角兽培育",
            Lever::TalentSubsidy => "人才补贴",
            Lever::TopTalent => "高层次人才计划",
            Lever::AdminReform => "体制机制与政务服务改革",
            Lever::CadreIncentives => "干部考评激励",
            Lever::LogisticsChannels => "开放通道",
            Lever::BondedZone => "综合保税区",
            Lever::OverseasBases => "走出去（海外基地）",
            Lever::PublicServices => "公共服务",
            Lever::Ecology => "生态环境",
            Lever::SmartGovernance => "智慧治理",
            Lever::Cooperation => "飞地经济与区域托管",
        }
    }
}

/// Where an arriving firm comes from and how it was attracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    General,
    Precision,
    Platform,
    Business,
    Tech,
    Chain,
    ProducerServices,
    LeaderPull,
}

/// How the sectors of a mode's arrivals are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorRule {
    /// National sector weights (untargeted).
    National,
    /// The lever's target sectors.
    Targets,
    /// National weights times export share: platform arrivals export.
    Exporting,
    /// What firms already in the zone buy from zone sectors (suppliers of incumbents).
    Suppliers,
    /// Emerging and future sectors, weighted by R&D propensity.
    Technology,
    /// Unmet local demand: the missing links of the chain.
    MissingLinks,
    /// Producer-service sectors, weighted by local demand for them.
    Services,
}

/// Fixed characteristics of an attraction mode. Cost and size multiply
/// `behaviour.attraction_cost` and `behaviour.attraction_size`.
#[derive(Debug, Clone, Copy)]
pub struct ModeTraits {
    pub cost: f64,
    pub size: f64,
    /// Added to the sector's mean log productivity.
    pub productivity: f64,
    pub rule: SectorRule,
    /// Shares of domestic, foreign and coastal-transfer arrivals.
    pub ownership: [f64; 3],
}

impl Mode {
    /// Sources and reasoning in docs/model.md ("Investment attraction").
    pub fn traits(self) -> ModeTraits {
        use SectorRule::*;
        let t = |cost, size, productivity, rule, ownership| ModeTraits {
            cost,
            size,
            productivity,
            rule,
            ownership,
        };
        match self {
            Mode::General => t(1.0, 1.0, 0.0, National, [0.6, 0.1, 0.3]),
            Mode::Precision => t(1.2, 1.5, 0.10, Targets, [0.4, 0.2, 0.4]),
            Mode::Platform => t(1.0, 1.2, 0.05, Exporting, [0.3, 0.5, 0.2]),
            Mode::Business => t(0.6, 1.0, 0.0, Suppliers, [0.6, 0.1, 0.3]),
            Mode::Tech => t(1.6, 0.8, 0.25, Technology, [0.6, 0.2, 0.2]),
            Mode::Chain => t(1.0, 1.0, 0.05, MissingLinks, [0.5, 0.15, 0.35]),
            Mode::ProducerServices => t(0.5, 0.6, 0.0, Services, [0.7, 0.1, 0.2]),
            Mode::LeaderPull => t(0.0, 1.0, 0.05, MissingLinks, [0.4, 0.3, 0.3]),
        }
    }
}
