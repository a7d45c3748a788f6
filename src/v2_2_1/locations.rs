//! Locations module: Location, EVSE, Connector and their classes and enums.
//!
//! Spec: 2.2.1 mod_locations.asciidoc

use crate::types::{ocpi_enum, ocpi_object, CiString, Number, OcpiString, Url};

ocpi_object! {
    /// Coordinates of a point, as decimal-degree strings.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §GeoLocation class
    pub struct GeoLocation {
        /// Latitude of the point in decimal degree, e.g. `50.770774`
        /// (regex `-?[0-9]{1,2}\.[0-9]{5,7}`).
        req latitude: OcpiString<10>,
        /// Longitude of the point in decimal degree, e.g. `-126.104965`
        /// (regex `-?[0-9]{1,3}\.[0-9]{5,7}`).
        req longitude: OcpiString<11>,
    }
}

ocpi_object! {
    /// Details of a business: an operator, suboperator, owner or the party itself.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §BusinessDetails class
    pub struct BusinessDetails {
        /// Name of the operator.
        req name: OcpiString<100>,
        /// Link to the operator's website.
        opt website: Url,
        /// Image link to the operator's logo.
        opt logo: Image,
    }
}

ocpi_object! {
    /// A link to an image (photo or logo) and what it shows.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §Image class
    pub struct Image {
        /// URL from where the image data can be fetched through a web browser.
        req url: Url,
        /// URL from where a thumbnail of the image can be fetched through a web browser.
        opt thumbnail: Url,
        /// Describes what the image is used for.
        req category: ImageCategory,
        /// Image type like: gif, jpeg, png, svg.
        req r#type = "type": CiString<4>,
        /// Width of the full scale image (`int(5)`).
        opt width: i64,
        /// Height of the full scale image (`int(5)`).
        opt height: i64,
    }
}

ocpi_enum! {
    /// What an image shows.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ImageCategory enum
    pub enum ImageCategory {
        /// Photo of the physical device that contains one or more EVSEs.
        Charger = "CHARGER",
        /// Location entrance photo: the car entrance to the location from street side.
        Entrance = "ENTRANCE",
        /// Location overview photo.
        Location = "LOCATION",
        /// Logo of an associated roaming network.
        Network = "NETWORK",
        /// Logo of the charge point operator.
        Operator = "OPERATOR",
        /// Other.
        Other = "OTHER",
        /// Logo of the charge point owner.
        Owner = "OWNER",
    }
}

ocpi_enum! {
    /// Whether a connector is a socket or an attached cable.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ConnectorFormat enum
    pub enum ConnectorFormat {
        /// The connector is a socket; the EV user needs to bring a fitting plug.
        Socket = "SOCKET",
        /// The connector is an attached cable; the EV needs a fitting inlet.
        Cable = "CABLE",
    }
}

ocpi_enum! {
    /// The standard of a connector (plug/socket type).
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §ConnectorType enum
    pub enum ConnectorType {
        /// CHAdeMO, DC.
        Chademo = "CHADEMO",
        /// The ChaoJi connector (harmonized CHAdeMO and GB/T), DC.
        Chaoji = "CHAOJI",
        /// Standard/Domestic household, type "A", NEMA 1-15, 2 pins.
        DomesticA = "DOMESTIC_A",
        /// Standard/Domestic household, type "B", NEMA 5-15, 3 pins.
        DomesticB = "DOMESTIC_B",
        /// Standard/Domestic household, type "C", CEE 7/17, 2 pins.
        DomesticC = "DOMESTIC_C",
        /// Standard/Domestic household, type "D", 3 pin.
        DomesticD = "DOMESTIC_D",
        /// Standard/Domestic household, type "E", CEE 7/5 3 pins.
        DomesticE = "DOMESTIC_E",
        /// Standard/Domestic household, type "F", CEE 7/4, Schuko, 3 pins.
        DomesticF = "DOMESTIC_F",
        /// Standard/Domestic household, type "G", BS 1363, Commonwealth, 3 pins.
        DomesticG = "DOMESTIC_G",
        /// Standard/Domestic household, type "H", SI-32, 3 pins.
        DomesticH = "DOMESTIC_H",
        /// Standard/Domestic household, type "I", AS 3112, 3 pins.
        DomesticI = "DOMESTIC_I",
        /// Standard/Domestic household, type "J", SEV 1011, 3 pins.
        DomesticJ = "DOMESTIC_J",
        /// Standard/Domestic household, type "K", DS 60884-2-D1, 3 pins.
        DomesticK = "DOMESTIC_K",
        /// Standard/Domestic household, type "L", CEI 23-16-VII, 3 pins.
        DomesticL = "DOMESTIC_L",
        /// Standard/Domestic household, type "M", BS 546, 3 pins.
        DomesticM = "DOMESTIC_M",
        /// Standard/Domestic household, type "N", NBR 14136, 3 pins.
        DomesticN = "DOMESTIC_N",
        /// Standard/Domestic household, type "O", TIS 166-2549, 3 pins.
        DomesticO = "DOMESTIC_O",
        /// Guobiao GB/T 20234.2 AC socket/connector.
        GbtAc = "GBT_AC",
        /// Guobiao GB/T 20234.3 DC connector.
        GbtDc = "GBT_DC",
        /// IEC 60309-2 Industrial Connector single phase 16 amperes (usually blue).
        Iec60309_2Single16 = "IEC_60309_2_single_16",
        /// IEC 60309-2 Industrial Connector three phases 16 amperes (usually red).
        Iec60309_2Three16 = "IEC_60309_2_three_16",
        /// IEC 60309-2 Industrial Connector three phases 32 amperes (usually red).
        Iec60309_2Three32 = "IEC_60309_2_three_32",
        /// IEC 60309-2 Industrial Connector three phases 64 amperes (usually red).
        Iec60309_2Three64 = "IEC_60309_2_three_64",
        /// IEC 62196 Type 1 "SAE J1772".
        Iec62196T1 = "IEC_62196_T1",
        /// Combo Type 1 based, DC.
        Iec62196T1Combo = "IEC_62196_T1_COMBO",
        /// IEC 62196 Type 2 "Mennekes".
        Iec62196T2 = "IEC_62196_T2",
        /// Combo Type 2 based, DC.
        Iec62196T2Combo = "IEC_62196_T2_COMBO",
        /// IEC 62196 Type 3A.
        Iec62196T3A = "IEC_62196_T3A",
        /// IEC 62196 Type 3C "Scame".
        Iec62196T3C = "IEC_62196_T3C",
        /// NEMA 5-20, 3 pins.
        Nema5_20 = "NEMA_5_20",
        /// NEMA 6-30, 3 pins.
        Nema6_30 = "NEMA_6_30",
        /// NEMA 6-50, 3 pins.
        Nema6_50 = "NEMA_6_50",
        /// NEMA 10-30, 3 pins.
        Nema10_30 = "NEMA_10_30",
        /// NEMA 10-50, 3 pins.
        Nema10_50 = "NEMA_10_50",
        /// NEMA 14-30, 3 pins, rating of 30 A.
        Nema14_30 = "NEMA_14_30",
        /// NEMA 14-50, 3 pins, rating of 50 A.
        Nema14_50 = "NEMA_14_50",
        /// On-board bottom-up pantograph, typically for bus charging.
        PantographBottomUp = "PANTOGRAPH_BOTTOM_UP",
        /// Off-board top-down pantograph, typically for bus charging.
        PantographTopDown = "PANTOGRAPH_TOP_DOWN",
        /// Tesla connector "Roadster"-type (round, 4 pin).
        TeslaR = "TESLA_R",
        /// Tesla connector "Model-S"-type (oval, 5 pin).
        TeslaS = "TESLA_S",
    }
}

ocpi_enum! {
    /// The kind of current a connector delivers.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §PowerType enum
    pub enum PowerType {
        /// AC single phase.
        Ac1Phase = "AC_1_PHASE",
        /// AC two phases, only two of the three available phases connected.
        Ac2Phase = "AC_2_PHASE",
        /// AC two phases using split phase system.
        Ac2PhaseSplit = "AC_2_PHASE_SPLIT",
        /// AC three phases.
        Ac3Phase = "AC_3_PHASE",
        /// Direct current.
        Dc = "DC",
    }
}

ocpi_object! {
    /// The energy mix of a location or tariff.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergyMix class
    pub struct EnergyMix {
        /// True if 100% from regenerative sources (CO2 and nuclear waste is zero).
        req is_green_energy: bool,
        /// Key-value pairs (enum + percentage) of energy sources of this location's tariff.
        opt energy_sources: Vec<EnergySource>,
        /// Key-value pairs (enum + percentage) of nuclear waste and CO2 exhaust.
        opt environ_impact: Vec<EnvironmentalImpact>,
        /// Name of the energy supplier, delivering the energy for this location or tariff.
        opt supplier_name: OcpiString<64>,
        /// Name of the energy supplier's product/tariff plan used at this location.
        opt energy_product_name: OcpiString<64>,
    }
}

ocpi_object! {
    /// One energy source and its share of the mix.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergySource class
    pub struct EnergySource {
        /// The type of energy source.
        req source: EnergySourceCategory,
        /// Percentage of this source (0-100) in the mix.
        req percentage: Number,
    }
}

ocpi_enum! {
    /// Categories of energy sources.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnergySourceCategory enum
    pub enum EnergySourceCategory {
        /// Nuclear power sources.
        Nuclear = "NUCLEAR",
        /// All kinds of fossil power sources.
        GeneralFossil = "GENERAL_FOSSIL",
        /// Fossil power from coal.
        Coal = "COAL",
        /// Fossil power from gas.
        Gas = "GAS",
        /// All kinds of regenerative power sources.
        GeneralGreen = "GENERAL_GREEN",
        /// Regenerative power from PV.
        Solar = "SOLAR",
        /// Regenerative power from wind turbines.
        Wind = "WIND",
        /// Regenerative power from water turbines.
        Water = "WATER",
    }
}

ocpi_object! {
    /// An environmental impact value of the energy mix.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnvironmentalImpact class
    pub struct EnvironmentalImpact {
        /// The environmental impact category of this value.
        req category: EnvironmentalImpactCategory,
        /// Amount of this portion in g/kWh.
        req amount: Number,
    }
}

ocpi_enum! {
    /// Categories of environmental impact values.
    ///
    /// Spec: 2.2.1 mod_locations.asciidoc §EnvironmentalImpactCategory enum
    pub enum EnvironmentalImpactCategory {
        /// Produced nuclear waste in grams per kilowatthour.
        NuclearWaste = "NUCLEAR_WASTE",
        /// Exhausted carbon dioxide in grams per kilowatthour.
        CarbonDioxide = "CARBON_DIOXIDE",
    }
}
