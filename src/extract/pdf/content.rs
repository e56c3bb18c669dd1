//! The content-stream interpreter: runs a page's operators and emits positioned glyphs.
//!
//! It owns the graphics and text state (`q/Q`, `cm`, `BT/ET`, `Tf`, `Td`, `TD`, `Tm`, `T*`,
//! `TL`, `Tc`, `Tw`, `Tz`, `Ts`, `Tj`, `TJ`, `'`, `"`) and Form XObjects (`Do` with their
//! `/Matrix` and `/Resources`, bounded depth, cycle guard), plus the per-document font and
//! form caches. Positions are in display space (user space × CTM × page rotation). It does
//! not group glyphs into words or lines; that is `layout`.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::images::{self, PageImage};
use super::lexer::{Lexer, Token, decode_string};
use super::objects::{Budget, as_dict, decode_stream, get_dict, get_name, numbers};
use crate::error::ExtractError;

/// Affine matrix `[a b c d e f]` as in PDF.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Matrix(pub(super) [f32; 6]);

impl Matrix {
    pub(super) const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// Area of the unit square under this matrix (an image's area on the page).
    pub(super) fn area(&self) -> f32 {
        let [a, b, c, d, _, _] = self.0;
        let area = (a * d - b * c).abs();
        if area.is_finite() { area } else { 0.0 }
    }

    /// `self × other` (apply `self` first, then `other`).
    pub(super) fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    pub(super) fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_slice(v: &[f32]) -> Option<Matrix> {
        match v {
            [a, b, c, d, e, f] if v.iter().all(|x| x.is_finite()) => {
                Some(Matrix([*a, *b, *c, *d, *e, *f]))
            }
            _ => None,
        }
    }
}

/// One shown glyph in display space.
#[derive(Clone, Copy, Debug)]
pub(super) struct Glyph {
    /// Origin (left end of the baseline).
    pub(super) x: f32,
    pub(super) y: f32,
    /// Right end of the advance along x.
    pub(super) end: f32,
    /// Effective font size in display units.
    pub(super) size: f32,
    /// Text of the glyph: `PageText::text[start..start + len]`.
    pub(super) start: u32,
    pub(super) len: u32,
    pub(super) space: bool,
}

/// What interpreting one page produced.
#[derive(Debug, Default)]
pub(super) struct PageText {
    pub(super) glyphs: Vec<Glyph>,
    pub(super) text: String,
    /// Glyphs whose font gave no Unicode.
    pub(super) undecoded: usize,
    /// Image XObjects and inline images drawn.
    pub(super) images: usize,
    /// Area the images cover in default user space (overlaps counted twice).
    pub(super) image_area: f32,
    /// The image (XObject or inline) drawn largest on the page (what OCR reads), with its
    /// area and its width on the page (default user space units).
    pub(super) largest_image: Option<(PageImage, f32, f32)>,
    /// (font, cmap) pairs whose predefined CMap is not supported.
    pub(super) unsupported_cmaps: BTreeSet<(String, String)>,
    /// Non-fatal problems on this page (without the page prefix).
    pub(super) problems: BTreeSet<String>,
}

impl PageText {
    pub(super) fn glyph_text(&self, g: &Glyph) -> &str {
        self.text
            .get(g.start as usize..(g.start + g.len) as usize)
            .unwrap_or("")
    }
}

#[derive(Clone, Debug)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Addr(usize),
}

/// Most glyphs one page may produce.
const MAX_GLYPHS_PER_PAGE: usize = 2_000_000;
/// Most Form XObject invocations per page.
const MAX_FORMS_PER_PAGE: usize = 100_000;

/// Deepest `q` nesting kept.
const MAX_SAVE_DEPTH: usize = 1024;
/// Most operands kept before an operator.
const MAX_OPERANDS: usize = 8192;

/// Interprets content streams of one document, caching fonts and forms across pages.
pub(super) struct Interpreter<'d> {
    doc: &'d Document,
    fonts: HashMap<FontKey, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<[u8]>>,
    pub(super) budget: Budget,
    max_depth: usize,
    forms_this_page: usize,
    scratch: Vec<u8>,
}

impl<'d> Interpreter<'d> {
    pub(super) fn new(doc: &'d Document, budget: Budget, max_depth: usize) -> Self {
        Interpreter {
            doc,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            budget,
            max_depth: max_depth.min(256),
            forms_this_page: 0,
            scratch: Vec::new(),
        }
    }

    /// Runs a page's content with `base` as the initial CTM.
    ///
    /// # Errors
    /// `limit` when the document's operator or decompression budget runs out.
    pub(super) fn run_page(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        base: Matrix,
        out: &mut PageText,
    ) -> Result<(), ExtractError> {
        self.forms_this_page = 0;
        let state = GState {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut active = Vec::new();
        self.exec(content, resources, state, &mut active, out)
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = get_dict(doc, resources?, b"Font")?;
        let obj = fonts.get(name).ok()?;
        let key = match obj {
            Object::Reference(id) => FontKey::Id(*id),
            other => FontKey::Addr(std::ptr::from_ref(other) as usize),
        };
        if let Some(f) = self.fonts.get(&key) {
            return Some(Rc::clone(f));
        }
        let dict = as_dict(doc, obj)?;
        let mut font = Font::load(doc, dict, &mut self.budget);
        if font.name.is_empty() {
            font.name = String::from_utf8_lossy(name).into_owned();
        }
        let font = Rc::new(font);
        self.fonts.insert(key, Rc::clone(&font));
        Some(font)
    }

    fn form(&mut self, id: ObjectId, out: &mut PageText) -> Result<Option<Rc<[u8]>>, ExtractError> {
        if let Some(data) = self.forms.get(&id) {
            return Ok(Some(Rc::clone(data)));
        }
        let Some(Object::Stream(stream)) = self.doc.objects.get(&id) else {
            return Ok(None);
        };
        match decode_stream(self.doc, stream, &mut self.budget) {
            Ok(data) => {
                let data: Rc<[u8]> = data.into();
                self.forms.insert(id, Rc::clone(&data));
                Ok(Some(data))
            }
            Err(e) if e.kind == crate::model::ErrorKind::LimitExceeded => Err(e),
            Err(e) => {
                out.problems
                    .insert(format!("form xobject {} {}: {}", id.0, id.1, e.message));
                Ok(None)
            }
        }
    }

    /// Executes one content stream. Recurses into forms, at most `max_depth` deep.
    fn exec(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        initial: GState,
        active: &mut Vec<ObjectId>,
        out: &mut PageText,
    ) -> Result<(), ExtractError> {
        let mut gs = initial;
        let mut saved: Vec<GState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        let mut ops: Vec<Token<'_>> = Vec::new();
        for token in Lexer::new(content) {
            if let Token::InlineImage { dict, data } = token {
                self.budget.take_op().map_err(ExtractError::limit)?;
                let area = gs.ctm.area();
                out.images += 1;
                out.image_area += area;
                if out
                    .largest_image
                    .as_ref()
                    .is_none_or(|(_, largest, _)| area > *largest)
                {
                    let image = images::inline_image(self.doc, dict, data, resources);
                    let [a, b, ..] = gs.ctm.0;
                    out.largest_image =
                        Some((PageImage::Inline(Box::new(image)), area, a.hypot(b)));
                }
                ops.clear();
                continue;
            }
            let Token::Op(op) = token else {
                if ops.len() < MAX_OPERANDS {
                    ops.push(token);
                }
                continue;
            };
            self.budget.take_op().map_err(ExtractError::limit)?;
            let n = |i: usize| -> f32 {
                match ops.get(i) {
                    Some(Token::Number(v)) if v.is_finite() => *v,
                    _ => 0.0,
                }
            };
            let nums = |count: usize| -> Option<Vec<f32>> {
                let start = ops.len().checked_sub(count)?;
                ops.get(start..)?
                    .iter()
                    .map(|t| match t {
                        Token::Number(v) if v.is_finite() => Some(*v),
                        _ => None,
                    })
                    .collect()
            };
            match op {
                b"q" if saved.len() < MAX_SAVE_DEPTH => saved.push(gs.clone()),
                b"Q" => {
                    if let Some(s) = saved.pop() {
                        gs = s;
                    }
                }
                b"cm" => {
                    if let Some(m) = nums(6).as_deref().and_then(Matrix::from_slice) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                b"BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                b"Tf" => {
                    if let (Some(Token::Name(name)), Some(Token::Number(size))) =
                        (ops.first(), ops.get(1))
                    {
                        gs.size = if size.is_finite() { *size } else { 0.0 };
                        gs.font = self.font(resources, name);
                        if let Some(f) = &gs.font {
                            if let Some(cmap) = &f.unsupported_cmap {
                                out.unsupported_cmaps.insert((f.name.clone(), cmap.clone()));
                            }
                        }
                    }
                }
                b"Td" => {
                    tlm = Matrix::translate(n(0), n(1)).then(&tlm);
                    tm = tlm;
                }
                b"TD" => {
                    gs.leading = -n(1);
                    tlm = Matrix::translate(n(0), n(1)).then(&tlm);
                    tm = tlm;
                }
                b"Tm" => {
                    if let Some(m) = nums(6).as_deref().and_then(Matrix::from_slice) {
                        tlm = m;
                        tm = m;
                    }
                }
                b"T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                b"TL" => gs.leading = n(0),
                b"Tc" => gs.char_spacing = n(0),
                b"Tw" => gs.word_spacing = n(0),
                b"Tz" => gs.hscale = n(0) / 100.0,
                b"Ts" => gs.rise = n(0),
                b"Tj" | b"'" | b"\"" | b"TJ" => {
                    if op == b"'" || op == b"\"" {
                        if op == b"\"" {
                            gs.word_spacing = n(0);
                            gs.char_spacing = n(1);
                        }
                        tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                        tm = tlm;
                    }
                    if op == b"TJ" {
                        let mut items = std::mem::take(&mut ops);
                        self.show(&items, &gs, &mut tm, out);
                        items.clear();
                        ops = items;
                    } else if let Some(s) = ops.last().copied() {
                        self.show(&[s], &gs, &mut tm, out);
                    }
                }
                b"Do" => {
                    if let Some(Token::Name(name)) = ops.first() {
                        self.invoke(name, resources, &gs, active, out)?;
                    }
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }

    fn invoke(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
        gs: &GState,
        active: &mut Vec<ObjectId>,
        out: &mut PageText,
    ) -> Result<(), ExtractError> {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| get_dict(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Ok(Object::Reference(id)) = xobjects.get(name) else {
            return Ok(());
        };
        let id = *id;
        let Some(dict) = doc.objects.get(&id).and_then(|o| as_dict(doc, o)) else {
            return Ok(());
        };
        match get_name(doc, dict, b"Subtype") {
            Some(b"Image") => {
                let area = gs.ctm.area();
                out.images += 1;
                out.image_area += area;
                if out
                    .largest_image
                    .as_ref()
                    .is_none_or(|(_, largest, _)| area > *largest)
                {
                    let [a, b, ..] = gs.ctm.0;
                    out.largest_image = Some((PageImage::XObject(id), area, a.hypot(b)));
                }
                return Ok(());
            }
            Some(b"Form") => {}
            _ => return Ok(()),
        }
        if active.contains(&id) {
            out.problems.insert("form xobject cycle skipped".to_owned());
            return Ok(());
        }
        if active.len() >= self.max_depth {
            out.problems
                .insert("form xobjects nested too deeply, inner ones skipped".to_owned());
            return Ok(());
        }
        self.forms_this_page += 1;
        if self.forms_this_page > MAX_FORMS_PER_PAGE {
            out.problems
                .insert("too many form xobjects drawn, rest skipped".to_owned());
            return Ok(());
        }
        let Some(data) = self.form(id, out)? else {
            return Ok(());
        };
        let matrix = super::objects::get_array(doc, dict, b"Matrix")
            .map(|a| numbers(doc, a))
            .and_then(|v| Matrix::from_slice(&v))
            .unwrap_or(Matrix::IDENTITY);
        let form_resources = get_dict(doc, dict, b"Resources").or(resources);
        let mut state = gs.clone();
        state.ctm = matrix.then(&gs.ctm);
        active.push(id);
        let result = self.exec(&data, form_resources, state, active, out);
        active.pop();
        result
    }

    /// Shows strings (and `TJ` adjustments) and advances the text matrix.
    fn show(&mut self, items: &[Token<'_>], gs: &GState, tm: &mut Matrix, out: &mut PageText) {
        let Some(font) = gs.font.clone() else {
            return;
        };
        let m = tm.then(&gs.ctm);
        let [_, _, c, d, _, _] = m.0;
        let size = (gs.size * (c * c + d * d).sqrt()).abs();
        let mut tx = 0.0f32;
        let mut bytes = std::mem::take(&mut self.scratch);
        for item in items {
            match item {
                Token::Number(adj) => tx -= adj / 1000.0 * gs.size * gs.hscale,
                Token::Literal(_) | Token::Hex(_) => {
                    decode_string(item, &mut bytes);
                    let mut rest: &[u8] = &bytes;
                    while !rest.is_empty() {
                        let (code, len) = font.next_code(rest);
                        rest = rest.get(len.max(1)..).unwrap_or_default();
                        let w0 = font.width(code, len) * font.width_scale;
                        let mut adv = w0 * gs.size + gs.char_spacing;
                        if Font::is_word_space(code, len) {
                            adv += gs.word_spacing;
                        }
                        adv *= gs.hscale;
                        if out.glyphs.len() < MAX_GLYPHS_PER_PAGE {
                            let start = out.text.len();
                            if font.text(code, len, &mut out.text) {
                                let (x, y) = m.apply(tx, gs.rise);
                                let (x1, _) = m.apply(tx + w0 * gs.size * gs.hscale, gs.rise);
                                let t = out.text.get(start..).unwrap_or("");
                                let space =
                                    t.chars().all(|ch| ch.is_whitespace() || ch == '\u{a0}');
                                out.glyphs.push(Glyph {
                                    x,
                                    y,
                                    end: x1,
                                    size,
                                    start: start as u32,
                                    len: (out.text.len() - start) as u32,
                                    space,
                                });
                            } else {
                                out.undecoded += 1;
                            }
                        }
                        tx += adv;
                    }
                }
                _ => {}
            }
        }
        self.scratch = bytes;
        *tm = Matrix::translate(tx, 0.0).then(tm);
    }
}

/// Page rotation (`/Rotate`) as a display-space matrix; translation does not matter for
/// layout, which only compares positions.
pub(super) fn rotation(degrees: i64) -> Matrix {
    match degrees.rem_euclid(360) {
        90 => Matrix([0.0, -1.0, 1.0, 0.0, 0.0, 0.0]),
        180 => Matrix([-1.0, 0.0, 0.0, -1.0, 0.0, 0.0]),
        270 => Matrix([0.0, 1.0, -1.0, 0.0, 0.0, 0.0]),
        _ => Matrix::IDENTITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_product_applies_left_first() {
        let scale = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = Matrix::translate(10.0, 5.0);
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }

    #[test]
    fn rotation_turns_page_upright() {
        // On a page rotated 90° clockwise, text running up the page reads left to right.
        let r = rotation(90);
        let (x0, _) = r.apply(100.0, 100.0);
        let (x1, _) = r.apply(100.0, 200.0);
        assert!(x1 > x0);
    }
}
