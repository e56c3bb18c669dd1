//! Plain data shared by every stage: extracted text blocks, locations, clauses, parties,
//! catalogue matches, findings and per-document outcomes.
//!
//! This module owns no behaviour beyond ordering and naming. Everything here that is
//! serialised is part of the JSON report contract (see `report/json.rs`): field names are
//! stable, enums serialise in kebab-case, and collections are `Vec`/`BTreeMap` so output is
//! deterministic.

use serde::Serialize;

/// Where a piece of text sits in its document.
///
/// `page` is 1-based and known for PDFs (and for DOCX only where the file records page
/// breaks). `paragraph` is 1-based: for PDFs it counts paragraphs within the page, for DOCX
/// and plain text it counts paragraphs from the start of the document. `section` is the
/// clause number the text falls under (`3.2`, `Article 5`, `第五条`) when one was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct Location {
    pub page: Option<u32>,
    pub section: Option<String>,
    pub paragraph: Option<u32>,
}

/// Document order: page, then paragraph, then section (section strings such as `第三条`
/// and `第二条` do not sort in document order).
impl Ord for Location {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.page, self.paragraph, &self.section).cmp(&(
            other.page,
            other.paragraph,
            &other.section,
        ))
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Location {
    /// Human form used in terminal output and messages: `p. 3, § 4.2, ¶ 7`.
    pub fn display(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.page {
            parts.push(format!("p. {p}"));
        }
        if let Some(s) = &self.section {
            parts.push(format!("§ {s}"));
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("¶ {p}"));
        }
        if parts.is_empty() {
            "(whole document)".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Which part of the document a block of text came from.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    #[default]
    Body,
    Table,
    Header,
    Footer,
    Footnote,
    Endnote,
    TextBox,
    Comment,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Body => "body",
            BlockKind::Table => "table",
            BlockKind::Header => "header",
            BlockKind::Footer => "footer",
            BlockKind::Footnote => "footnote",
            BlockKind::Endnote => "endnote",
            BlockKind::TextBox => "text-box",
            BlockKind::Comment => "comment",
        }
    }
}

/// One paragraph-sized unit of text as an extractor read it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Block {
    /// The paragraph text, without its list label. Lines of one PDF paragraph are joined
    /// with `\n`.
    pub text: String,
    pub kind: BlockKind,
    /// 1-based page, when known.
    pub page: Option<u32>,
    /// 1-based paragraph number (see [`Location`]).
    pub paragraph: u32,
    /// Rendered list numbering that a word processor would print before the text
    /// (`3.2`, `第一条`, `（一）`, `(a)`), when the numbering is not part of the text itself.
    pub label: Option<String>,
}

impl Block {
    /// The text as a reader sees it: label, a space, then the text.
    pub fn display_text(&self) -> String {
        match &self.label {
            Some(l) if !l.is_empty() => format!("{l} {}", self.text),
            _ => self.text.clone(),
        }
    }
}

/// Input formats techscan reads.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum DocFormat {
    Pdf,
    Docx,
    Text,
    /// Word 97–2003 binary document (an OLE compound file).
    Doc,
    /// Rich Text Format.
    Rtf,
    /// OpenDocument text.
    Odt,
    /// A PNG, JPEG or TIFF scan, read by OCR.
    Image,
}

impl DocFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocFormat::Pdf => "pdf",
            DocFormat::Docx => "docx",
            DocFormat::Text => "text",
            DocFormat::Doc => "doc",
            DocFormat::Rtf => "rtf",
            DocFormat::Odt => "odt",
            DocFormat::Image => "image",
        }
    }
}

/// Everything an extractor produces for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extracted {
    /// Number of pages, when the format has pages.
    pub pages: Option<u32>,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Non-fatal problems, one line each (`page 4: no text layer`).
    pub warnings: Vec<String>,
    /// The pages read by OCR, in page order.
    pub ocr: Vec<OcrInfo>,
}

/// A page whose text was read by OCR from its image.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct OcrInfo {
    /// 1-based page (the PDF's page, or the frame of an image file).
    pub page: u32,
    /// The Tesseract language pack(s) used (`eng`, `chi_sim`, `chi_tra`).
    pub language: String,
    /// Tesseract's mean word confidence on the page, 0.0–1.0.
    pub confidence: f32,
    /// Words read.
    pub words: u32,
}

/// The OCR confidence of the page `location` is on, when that page was read by OCR.
pub fn ocr_confidence(ocr: &[OcrInfo], location: &Location) -> Option<f32> {
    let page = location.page?;
    ocr.iter().find(|o| o.page == page).map(|o| o.confidence)
}

/// The six transfer modes of Art. 2 of the Regulations (plus JV contribution as "other means").
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseKind {
    Assignment,
    Licence,
    GrantBack,
    KnowHow,
    TechnicalServices,
    JvContribution,
}

impl ClauseKind {
    pub const ALL: [ClauseKind; 6] = [
        ClauseKind::Assignment,
        ClauseKind::Licence,
        ClauseKind::GrantBack,
        ClauseKind::KnowHow,
        ClauseKind::TechnicalServices,
        ClauseKind::JvContribution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClauseKind::Assignment => "assignment",
            ClauseKind::Licence => "licence",
            ClauseKind::GrantBack => "grant-back",
            ClauseKind::KnowHow => "know-how",
            ClauseKind::TechnicalServices => "technical-services",
            ClauseKind::JvContribution => "jv-contribution",
        }
    }
}

/// Where a party is established, as far as the border test of Art. 2 is concerned.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    /// The PRC excluding Hong Kong, Macau and Taiwan.
    Mainland,
    HongKong,
    Macau,
    Taiwan,
    /// Any other country.
    Foreign,
    #[default]
    Unknown,
}

impl Region {
    /// `Some(true)` mainland, `Some(false)` outside the mainland, `None` unknown.
    pub fn is_mainland(self) -> Option<bool> {
        match self {
            Region::Mainland => Some(true),
            Region::Unknown => None,
            _ => Some(false),
        }
    }
}

/// A contracting party found in the preamble or signature blocks: one row of the
/// document's party table. Every field past `location` traces to words of the document
/// (`seat_evidence`, `kind_evidence`, the name itself), or is `unknown` / empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Party {
    pub name: String,
    /// Human-readable jurisdiction as found ("People's Republic of China", "Delaware, USA").
    /// Kept for compatibility; [`Party::seat`] and [`Party::seat_evidence`] say the same
    /// in structured form.
    pub jurisdiction: Option<String>,
    pub region: Region,
    /// Role label the contract uses for this party ("Licensor", "甲方", "Party A").
    pub role: Option<String>,
    /// Other names the contract uses for the party (defined short names, roles).
    pub aliases: Vec<String>,
    /// The text the party and its jurisdiction were read from.
    pub evidence: String,
    pub location: Location,
    /// The name in the other language where the preamble gives both, as written
    /// (`Shenzhen X Co., Ltd.` after `深圳某某有限公司`).
    #[serde(default)]
    pub other_name: Option<String>,
    /// The legal form that ends the name, as written (`Co., Ltd.`, `GmbH`, `有限公司`).
    #[serde(default)]
    pub legal_form: Option<String>,
    #[serde(default)]
    pub kind: PartyKind,
    /// The words the kind was read from (`University`, `身份证号`, `to be established`,
    /// the legal form); `None` when the kind is unknown.
    #[serde(default)]
    pub kind_evidence: Option<String>,
    #[serde(default)]
    pub seat: Seat,
    /// Why the seat is what it is: the deciding evidence first, then corroborating words
    /// (an address naming the city, a credit code, an ID number).
    #[serde(default)]
    pub seat_evidence: Vec<SeatEvidence>,
}

/// What kind of person a party is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    Company,
    Institute,
    University,
    Government,
    Individual,
    /// A joint venture the contract sets up (`to be established`, `合营公司`).
    JvToBeFormed,
    #[default]
    Unknown,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Company => "company",
            PartyKind::Institute => "institute",
            PartyKind::University => "university",
            PartyKind::Government => "government",
            PartyKind::Individual => "individual",
            PartyKind::JvToBeFormed => "jv-to-be-formed",
            PartyKind::Unknown => "unknown",
        }
    }
}

/// Where a party is established, in English.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct Seat {
    /// English country name (`China` for the mainland, Hong Kong and Macau, whose
    /// difference `region` keeps; `Taiwan`; `Germany`); `None` when unknown or when a
    /// template leaves it blank without saying which country.
    pub country: Option<String>,
    /// Province, state or city when the document gives one, in English
    /// (`Shenzhen, Guangdong`, `Delaware`).
    pub place: Option<String>,
    /// Whether the seat is a blank in a template (`××国××市×××公司`, `(甲方国名)`).
    pub blank_in_template: bool,
}

impl Seat {
    /// `Shenzhen, Guangdong, China`, `blank in template (China)`, `unknown`.
    pub fn display(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(p) = &self.place {
            parts.push(p);
        }
        if let Some(c) = &self.country {
            if self.place.as_deref() != Some(c.as_str()) {
                parts.push(c);
            }
        }
        let place = parts.join(", ");
        match (self.blank_in_template, place.is_empty()) {
            (true, true) => "blank in template".to_owned(),
            (true, false) => format!("blank in template ({place})"),
            (false, true) => "unknown".to_owned(),
            (false, false) => place,
        }
    }
}

/// One piece of evidence for a party's seat: the kind of words and the words themselves.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct SeatEvidence {
    pub basis: SeatBasis,
    /// The exact words of the document (normalised whitespace); empty only for a
    /// presumption that rests on the document as a whole.
    pub quote: String,
}

/// The kind of words a seat was read from.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SeatBasis {
    /// `organized under the laws of …`, `依照中华人民共和国法律设立`.
    LawsOf,
    /// `a Delaware corporation`, `a German GmbH`, `a Taiwanese company`.
    IncorporationAdjective,
    /// `incorporated in Hong Kong`, `在香港注册成立`.
    PlaceOfIncorporation,
    /// `registered office`, `注册地址`, `住所`.
    RegisteredAddress,
    /// A unified social credit code (`统一社会信用代码：91…`): a mainland registration.
    CreditCode,
    /// An identity-card or passport number of an individual.
    IdNumber,
    /// An address for notices.
    NoticeAddress,
    /// Another address (`地址`, `located at`, `principal office`).
    Address,
    /// The party's line in a signature block.
    SignatureBlock,
    /// A legal form used only outside greater China (`Kft.`, `GmbH`).
    LegalForm,
    /// A place in the party's own name (`Shanghai Acme Co., Ltd.`).
    Name,
    /// A template blank (`××国`, `＿＿国`, `(甲方国名)`).
    TemplateBlank,
    /// A place named in the party's description without one of the cues above.
    Description,
    /// A presumption from the document as a whole (a Chinese-language contract with no
    /// foreign party; the model joint-venture contracts' 甲方 / 乙方).
    Presumption,
}

impl SeatBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            SeatBasis::LawsOf => "laws-of",
            SeatBasis::IncorporationAdjective => "incorporation-adjective",
            SeatBasis::PlaceOfIncorporation => "place-of-incorporation",
            SeatBasis::RegisteredAddress => "registered-address",
            SeatBasis::CreditCode => "credit-code",
            SeatBasis::IdNumber => "id-number",
            SeatBasis::NoticeAddress => "notice-address",
            SeatBasis::Address => "address",
            SeatBasis::SignatureBlock => "signature-block",
            SeatBasis::LegalForm => "legal-form",
            SeatBasis::Name => "name",
            SeatBasis::TemplateBlank => "template-blank",
            SeatBasis::Description => "description",
            SeatBasis::Presumption => "presumption",
        }
    }
}

/// A party-like mention in a transfer clause (a role word such as `the Licensor` or `乙方`,
/// or a short name) that binds to no row of the party table.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
pub struct UnresolvedMention {
    /// The mention as written.
    pub text: String,
    /// Where it is first used in a transfer clause.
    pub location: Location,
    /// How many transfer clauses use it.
    pub clauses: u32,
}

/// Direction of one transfer clause across the mainland border.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// A mainland party gives technology to a party outside the mainland.
    Outbound,
    /// A party outside the mainland gives technology to a mainland party.
    Inbound,
    /// Both parties are mainland parties.
    Domestic,
    /// Neither party is a mainland party.
    NoMainland,
    /// Giver, receiver or their jurisdictions could not be established.
    Unclear,
}

/// A clause-sized unit of normalised text: one paragraph of the document with the section
/// number it falls under. Segmentation produces these; classifiers and the catalogue
/// matcher read them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segment {
    /// Normalised text (NFKC, whitespace collapsed, control characters removed), with the
    /// block's list label in front when it had one.
    pub text: String,
    pub location: Location,
    pub kind: BlockKind,
    /// Whether the segment looks like a heading (short, numbered or title-cased, no verb).
    pub heading: bool,
}

/// A transfer clause found in the document.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Clause {
    /// Index of the segment the clause was found in (not serialised).
    #[serde(skip)]
    pub segment: usize,
    pub kind: ClauseKind,
    /// The clause text as quoted evidence (normalised whitespace).
    pub text: String,
    pub location: Location,
    /// `true` when the clause moves technology from a mainland party to one outside it.
    pub outbound: bool,
    pub direction: Direction,
    /// Name of the party that gives the technology, when resolved.
    pub giver: Option<String>,
    /// Name of the party that receives the technology, when resolved.
    pub receiver: Option<String>,
    /// 0.0–1.0.
    pub confidence: f32,
    /// Ids of the dictionary rules that fired (`en.licence.grant`, ...).
    pub rules: Vec<String>,
    /// Defined terms the clause uses whose definitions were taken into account.
    pub defined_terms: Vec<String>,
    /// In a bilingual contract, the same clause in the other language (omitted otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallel: Option<Parallel>,
    /// When the clause's page was read by OCR: that page's mean word confidence (0.0–1.0),
    /// by which `confidence` was scaled (omitted otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<f32>,
}

/// The other language version of a clause.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Parallel {
    pub text: String,
    pub location: Location,
}

/// Legal status of a catalogue item.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ItemStatus {
    Prohibited,
    Restricted,
}

/// A catalogue keyword found in the document.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct TechMatch {
    /// Index of the segment the match is in (not serialised).
    #[serde(skip)]
    pub segment: usize,
    /// Catalogue item code as published (`086501X`), or the catalogue's own id where the
    /// official code was never captured (see `dictionaries/README.md`).
    pub item: String,
    pub control_point: Option<u32>,
    /// The catalogue edition whose numbering `item` follows when it is not the current
    /// one (`2008`: an old code whose current equivalent was not captured).
    pub numbering: Option<String>,
    /// The entry's code in the edition the document was checked against, when it differs
    /// from `item` (`056101X` under the 2008 and 2020 editions for `086501X`); omitted
    /// otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition_code: Option<String>,
    /// The entry's name (and its control point's), in the report's language.
    pub name: String,
    /// The Chinese name, where the data has one (English parts where it has none); the
    /// pipeline puts it in `name` under `--lang zh` (not serialised).
    #[serde(skip)]
    pub name_zh: String,
    pub status: ItemStatus,
    /// The keyword as written in the dictionary.
    pub keyword: String,
    /// The matched text as it appears in the document.
    pub matched: String,
    pub location: Location,
    /// Whether the match lies inside (or in a definition used by) a transfer clause.
    pub in_clause: bool,
    /// Whether the keyword is generic ("laser", "检测"): such matches count only when
    /// corroborated (see `catalogue/matcher.rs`) and weigh less.
    pub generic: bool,
    /// Whether a generic keyword was corroborated (see `catalogue/matcher.rs`).
    pub corroborated: bool,
    /// For a generic keyword, what corroborated it; omitted for specific keywords.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corroboration: Option<Corroboration>,
    /// How sure the catalogue data is: `official`, `secondary`, `unverified`.
    pub verification: String,
    /// When the match's page was read by OCR: that page's mean word confidence (0.0–1.0)
    /// (omitted otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<f32>,
}

/// Why a generic keyword ("laser", "检测") counted: `by` a specific keyword of the same
/// (or a related) entry in the same or an adjacent paragraph, at `location`; or, when both
/// are `None`, because it stands inside a transfer clause or a definition a transfer
/// clause uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Corroboration {
    pub by: Option<String>,
    pub location: Option<Location>,
}

impl Corroboration {
    /// `with "LiDAR" nearby (p. 1, ¶ 4)` / `inside a transfer clause or a definition it uses`.
    pub fn describe(&self, lang: Lang) -> String {
        match (&self.by, &self.location, lang) {
            (Some(by), Some(at), Lang::En) => {
                format!("with the specific term \"{by}\" nearby ({})", at.display())
            }
            (Some(by), Some(at), Lang::Zh) => {
                format!("附近有特定术语“{by}”（{}）", at.display())
            }
            (_, _, Lang::En) => {
                "inside a transfer clause or a definition a transfer clause uses".to_owned()
            }
            (_, _, Lang::Zh) => "位于转让条款或转让条款所使用的定义之中".to_owned(),
        }
    }
}

/// Language of the text techscan writes (`--lang`): finding messages, legal basis and
/// actions, rule documentation and catalogue item names. Document text is never
/// translated.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// Severity of a finding and risk of a document, ordered from `None` to `Critical`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    #[default]
    None,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::None => "none",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// The document-level conclusion about technology flowing across the mainland border.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ExportFlow {
    Outbound,
    InboundOnly,
    Domestic,
    NoMainland,
    #[default]
    Unclear,
}

impl ExportFlow {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFlow::Outbound => "outbound",
            ExportFlow::InboundOnly => "inbound-only",
            ExportFlow::Domestic => "domestic",
            ExportFlow::NoMainland => "no-mainland",
            ExportFlow::Unclear => "unclear",
        }
    }
}

/// One conclusion of the risk assessment, with the evidence a lawyer checks.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// Stable rule code (`TS101`), documented by `techscan explain`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Quoted clause text the finding rests on.
    pub evidence: String,
    /// Catalogue item and control point, when the finding rests on one.
    pub item: Option<String>,
    pub control_point: Option<u32>,
    pub legal_basis: String,
    pub action: String,
    /// 0.0–1.0.
    pub confidence: f32,
    /// When the finding's page was read by OCR: that page's mean word confidence
    /// (0.0–1.0), by which `confidence` was scaled (omitted otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<f32>,
}

/// How a document's scan ended.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Scanned,
    Skipped,
    Failed,
}

/// Why a document could not be read.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// The file could not be read from disk.
    Io,
    /// The document is encrypted and no working password was given.
    Encrypted,
    /// The file is damaged or not what its extension says.
    Malformed,
    /// A feature techscan does not read (e.g. a scanned PDF without text layer).
    Unsupported,
    /// A per-document budget (size, objects, depth, time) was exceeded.
    LimitExceeded,
    /// A bug in techscan: a panic caught while scanning this document.
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::LimitExceeded => "limit-exceeded",
            ErrorKind::Internal => "internal",
        }
    }
}

/// `error {kind, message}` of a failed or skipped document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DocError {
    pub kind: String,
    pub message: String,
}

/// The result of scanning one input: what the report says about one document.
///
/// Holds no document text beyond quoted evidence, so a run can keep every result until
/// the end without holding the corpus in memory.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct DocumentReport {
    /// The path as discovered (relative paths stay relative).
    pub path: String,
    pub status: Status,
    /// Present when `status` is `failed` or `skipped`.
    pub error: Option<DocError>,
    pub format: Option<DocFormat>,
    /// `en`, `zh` or `und`.
    pub language: Option<String>,
    pub pages: Option<u32>,
    /// `None` (serialised as `null`) when the document was not scanned: an unread
    /// document is never "no risk".
    pub risk: Option<Severity>,
    pub export_flow: Option<ExportFlow>,
    pub export_flow_reason: Option<String>,
    pub parties: Vec<Party>,
    /// Party-like mentions in transfer clauses that bind to no party (see
    /// [`UnresolvedMention`]).
    #[serde(default)]
    pub unresolved_mentions: Vec<UnresolvedMention>,
    pub clauses: Vec<Clause>,
    pub technology: Vec<TechMatch>,
    pub findings: Vec<Finding>,
    /// Non-fatal extraction problems (`page 4: no text layer`).
    pub warnings: Vec<String>,
    /// The catalogue edition the document was checked against (`2025`); `None` when it
    /// was not scanned. Differs between documents under `--as-of signing`.
    pub catalogue_edition: Option<String>,
    /// Findings that an inline waiver in the document accepted (omitted when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waived: Vec<Waived>,
    /// The pages whose text was read by OCR (omitted when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ocr: Vec<OcrInfo>,
}

/// A finding accepted by an inline waiver paragraph (`techscan:allow TS201 — reason`).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Waived {
    pub finding: Finding,
    /// The reason the waiver gives (`approved by export counsel 2026-03`).
    pub reason: String,
    /// Where the waiver paragraph is.
    pub waiver_location: Location,
}

impl DocumentReport {
    /// A report for a document that was not scanned.
    pub fn not_scanned(path: String, status: Status, kind: &str, message: String) -> Self {
        DocumentReport {
            path,
            status,
            error: Some(DocError {
                kind: kind.to_owned(),
                message,
            }),
            format: None,
            language: None,
            pages: None,
            risk: None,
            export_flow: None,
            export_flow_reason: None,
            parties: Vec::new(),
            unresolved_mentions: Vec::new(),
            clauses: Vec::new(),
            technology: Vec::new(),
            findings: Vec::new(),
            warnings: Vec::new(),
            catalogue_edition: None,
            waived: Vec::new(),
            ocr: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_sort_in_document_order_not_by_section_text() {
        let at = |page, paragraph, section: &str| Location {
            page: Some(page),
            section: Some(section.to_owned()),
            paragraph: Some(paragraph),
        };
        let mut v = [
            at(1, 15, "第三条 3.1"),
            at(1, 11, "第二条 2.1"),
            at(2, 1, "1"),
        ];
        v.sort();
        assert_eq!(v[0].paragraph, Some(11));
        assert_eq!(v[2].page, Some(2));
    }
}
