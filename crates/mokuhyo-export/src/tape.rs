//! A document as one flat list of entries, for the schema check.
//!
//! Checking a report against the schema used to mean building its `serde_json::Value` first:
//! a map, a key string and a value string allocated for every field, which took several times
//! longer than the check itself. A [`Tape`] is built by the same `Serialize` code, but into two
//! buffers: the entries in document order, and every string's text one after another. The
//! `jsonschema` validator reads it through its interface for custom JSON representations.
//!
//! The tape holds what `serde_json::to_value` would: unit variants as strings, `None` and
//! non-finite floats as null, non-negative integers as unsigned. A test holds the two equal on
//! every corpus report.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use jsonschema::JsonType;
use serde::ser::{self, Serialize};
use serde_json::{Map, Number, Value};

/// A document: its entries in document order, and the text of its strings and keys.
#[derive(Debug, Default)]
pub(crate) struct Tape {
    entries: Vec<Entry>,
    text: String,
    /// Set by [`Tape::in_pieces`]: the items of some arrays are checked and taken off.
    split: Option<Split>,
}

/// The checks of one item of an array that is a member of the document's root object, by the
/// member's name (`sections`: one section), for [`Tape::in_pieces`].
pub(crate) type ItemChecks = Arc<[(String, jsonschema::Validator<TapeJson>)]>;

/// The state of a tape built by [`Tape::in_pieces`].
struct Split {
    checks: ItemChecks,
    /// How many containers are open: 1 inside the root object, 2 inside one of its members.
    depth: usize,
    /// The item check of the root member being written, when it has one.
    member: Option<usize>,
    /// Whether an item failed its check.
    failed: bool,
}

impl fmt::Debug for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Split")
            .field("depth", &self.depth)
            .field("failed", &self.failed)
            .finish_non_exhaustive()
    }
}

/// One entry. A container is followed by its contents: an array by its items, an object by a
/// key and a value for each member; `next` is the index just past its last descendant.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Null,
    Bool(bool),
    Number(Num),
    /// A string: `text[start..end]`.
    Str(usize, usize),
    /// An object member's name: `text[start..end]`.
    Key(usize, usize),
    Array {
        len: usize,
        next: usize,
    },
    Object {
        len: usize,
        next: usize,
    },
}

/// A number as `serde_json` keeps it: unsigned when it can be, else signed, else a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Tape {
    /// Builds the tape of `value`, as `serde_json::to_value` would see it.
    pub(crate) fn of<T: Serialize + ?Sized>(value: &T) -> Result<Tape, Error> {
        let mut tape = Tape::default();
        value.serialize(&mut tape)?;
        Ok(tape)
    }

    /// Builds the tape of `value` in pieces. For each member of the root object named in
    /// `checks`, each item of its array is put on the tape, checked with its check, and taken
    /// off again, so that the array stays empty; everything else is on the tape as
    /// [`Tape::of`] puts it. The tape of the largest report is then no larger than that of
    /// its largest item, where the whole one takes several times the report itself.
    ///
    /// Returns the tape and whether every item passed its check.
    pub(crate) fn in_pieces<T: Serialize + ?Sized>(
        value: &T,
        checks: ItemChecks,
    ) -> Result<(Tape, bool), Error> {
        let mut tape = Tape {
            split: Some(Split {
                checks,
                depth: 0,
                member: None,
                failed: false,
            }),
            ..Tape::default()
        };
        value.serialize(&mut tape)?;
        let passed = tape.split.take().is_some_and(|s| !s.failed);
        Ok((tape, passed))
    }

    /// The document itself.
    pub(crate) fn root(&self) -> TapeNode<'_> {
        TapeNode::At(self, 0)
    }

    fn text(&self, start: usize, end: usize) -> &str {
        &self.text[start..end]
    }

    /// The index just past entry `i` and everything inside it.
    fn next(&self, i: usize) -> usize {
        match self.entries[i] {
            Entry::Array { next, .. } | Entry::Object { next, .. } => next,
            _ => i + 1,
        }
    }

    fn push_text(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    fn open(&mut self, entry: Entry) -> Container<'_> {
        let at = self.entries.len();
        // An array that is a member of the root object named in the checks has its items
        // checked one by one.
        let check = self.split.as_mut().and_then(|s| {
            s.depth += 1;
            let member = s.member.take();
            member.filter(|_| s.depth == 2 && matches!(entry, Entry::Array { .. }))
        });
        self.entries.push(entry);
        Container {
            tape: self,
            at,
            len: 0,
            check,
        }
    }

    /// A one-member object `{variant: …}`, as serde_json writes a variant with data; the
    /// caller closes it after the data.
    fn open_variant(&mut self, variant: &str) -> usize {
        let at = self.entries.len();
        self.entries.push(Entry::Object { len: 1, next: 0 });
        let (s, e) = self.push_text(variant);
        self.entries.push(Entry::Key(s, e));
        at
    }

    /// A container (`entry`) as the data of a one-member object `{variant: …}`.
    fn open_in_variant(&mut self, variant: &str, entry: Entry) -> VariantContainer<'_> {
        let variant_at = self.open_variant(variant);
        VariantContainer {
            inner: self.open(entry),
            variant_at,
        }
    }

    fn close_variant(&mut self, at: usize) {
        self.entries[at] = Entry::Object {
            len: 1,
            next: self.entries.len(),
        };
    }
}

/// Why a value could not be put on a tape: what serde_json refuses too (a map key that is not
/// a string, a number too large for it) or a custom error from a `Serialize` impl.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// An array or object being filled.
pub(crate) struct Container<'t> {
    tape: &'t mut Tape,
    at: usize,
    len: usize,
    /// For an array whose items are checked one by one ([`Tape::in_pieces`]): the index of
    /// their check.
    check: Option<usize>,
}

impl<'t> Container<'t> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let (entries, text) = (self.tape.entries.len(), self.tape.text.len());
        value.serialize(&mut *self.tape)?;
        let Some(check) = self.check else {
            self.len += 1;
            return Ok(());
        };
        let tape = &*self.tape;
        let passed = tape
            .split
            .as_ref()
            .is_some_and(|s| s.checks[check].1.is_valid(TapeNode::At(tape, entries)));
        self.tape.entries.truncate(entries);
        self.tape.text.truncate(text);
        if let Some(s) = self.tape.split.as_mut() {
            s.failed |= !passed;
        }
        Ok(())
    }

    fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        if let Some(s) = self.tape.split.as_mut().filter(|s| s.depth == 1) {
            s.member = s.checks.iter().position(|(name, _)| name == key);
        }
        let (s, e) = self.tape.push_text(key);
        self.tape.entries.push(Entry::Key(s, e));
        self.item(value)
    }

    /// Writes the container's length and extent into its entry; gives the tape back.
    fn close(self) -> &'t mut Tape {
        if let Some(s) = self.tape.split.as_mut() {
            s.depth -= 1;
        }
        let (len, next) = (self.len, self.tape.entries.len());
        self.tape.entries[self.at] = match self.tape.entries[self.at] {
            Entry::Array { .. } => Entry::Array { len, next },
            _ => Entry::Object { len, next },
        };
        self.tape
    }
}

/// Serializer methods for the narrow integers: each widens its value and hands it on.
macro_rules! widen {
    ($($method:ident($ty:ty) => $wide:ident),+ $(,)?) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.$wide(v.into())
        }
    )+};
}

impl<'t> ser::Serializer for &'t mut Tape {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Container<'t>;
    type SerializeTuple = Container<'t>;
    type SerializeTupleStruct = Container<'t>;
    type SerializeTupleVariant = VariantContainer<'t>;
    type SerializeMap = MapContainer<'t>;
    type SerializeStruct = Container<'t>;
    type SerializeStructVariant = VariantContainer<'t>;

    widen!(
        serialize_i8(i8) => serialize_i64,
        serialize_i16(i16) => serialize_i64,
        serialize_i32(i32) => serialize_i64,
        serialize_u8(u8) => serialize_u64,
        serialize_u16(u16) => serialize_u64,
        serialize_u32(u32) => serialize_u64,
    );

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.entries.push(Entry::Bool(v));
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        let n = u64::try_from(v).map_or(Num::I(v), Num::U);
        self.entries.push(Entry::Number(n));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => self.serialize_u64(u),
            (_, Ok(i)) => self.serialize_i64(i),
            _ => Err(Error("number out of range".into())),
        }
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.entries.push(Entry::Number(Num::U(v)));
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        u64::try_from(v)
            .map_err(|_| Error("number out of range".into()))
            .and_then(|u| self.serialize_u64(u))
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // serde_json holds no NaN or infinity: they become null.
        self.entries.push(if v.is_finite() {
            Entry::Number(Num::F(v))
        } else {
            Entry::Null
        });
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        let (s, e) = self.push_text(v);
        self.entries.push(Entry::Str(s, e));
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.open(Entry::Array { len: 0, next: 0 });
        for b in v {
            seq.item(b)?;
        }
        seq.close();
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.entries.push(Entry::Null);
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let at = self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant(at);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Container<'t>, Error> {
        Ok(self.open(Entry::Array { len: 0, next: 0 }))
    }
    fn serialize_tuple(self, len: usize) -> Result<Container<'t>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Container<'t>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantContainer<'t>, Error> {
        Ok(self.open_in_variant(variant, Entry::Array { len: 0, next: 0 }))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapContainer<'t>, Error> {
        Ok(MapContainer {
            inner: self.open(Entry::Object { len: 0, next: 0 }),
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Container<'t>, Error> {
        Ok(self.open(Entry::Object { len: 0, next: 0 }))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<VariantContainer<'t>, Error> {
        Ok(self.open_in_variant(variant, Entry::Object { len: 0, next: 0 }))
    }
}

/// The sequence-like serde traits, all alike: each value is one more item of the array.
macro_rules! sequence {
    ($($trait:ident::$method:ident),+) => {$(
        impl ser::$trait for Container<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.item(value)
            }
            fn end(self) -> Result<(), Error> {
                self.close();
                Ok(())
            }
        }
    )+};
}

sequence!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

impl ser::SerializeStruct for Container<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.member(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.close();
        Ok(())
    }
}

/// The data of a tuple or struct variant, inside its `{variant: …}` object.
pub(crate) struct VariantContainer<'t> {
    inner: Container<'t>,
    variant_at: usize,
}

impl ser::SerializeTupleVariant for VariantContainer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.inner.close().close_variant(self.variant_at);
        Ok(())
    }
}

impl ser::SerializeStructVariant for VariantContainer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.member(key, value)
    }
    fn end(self) -> Result<(), Error> {
        self.inner.close().close_variant(self.variant_at);
        Ok(())
    }
}

/// A map: each key must serialize as a string, or putting it on the tape fails. (serde_json
/// also takes numbers and booleans as keys, written as strings; no map in a report has any.)
pub(crate) struct MapContainer<'t> {
    inner: Container<'t>,
}

impl ser::SerializeMap for MapContainer<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut *self.inner.tape)?;
        let tape = &mut *self.inner.tape;
        match tape.entries.last_mut() {
            Some(last @ Entry::Str(..)) => {
                let Entry::Str(s, e) = *last else {
                    unreachable!()
                };
                *last = Entry::Key(s, e);
                Ok(())
            }
            _ => Err(Error("a map key must be a string".into())),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.inner.close();
        Ok(())
    }
}

/// The tape as a JSON representation `jsonschema` validates.
pub(crate) struct TapeJson;

/// A value on a tape, or a member name standing alone (for `propertyNames`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TapeNode<'a> {
    At(&'a Tape, usize),
    Name(&'a str),
}

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(_buffer: &mut (), string: &str, f: impl FnOnce(TapeNode<'_>) -> T) -> T {
        f(TapeNode::Name(string))
    }
}

impl JsonNumber for Num {
    fn as_u64(&self) -> Option<u64> {
        match *self {
            Num::U(u) => Some(u),
            _ => None,
        }
    }
    fn as_i64(&self) -> Option<i64> {
        match *self {
            Num::U(u) => i64::try_from(u).ok(),
            Num::I(i) => Some(i),
            Num::F(_) => None,
        }
    }
    fn as_f64(&self) -> Option<f64> {
        Some(match *self {
            Num::U(u) => u as f64,
            Num::I(i) => i as f64,
            Num::F(f) => f,
        })
    }
    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.number().to_string())
    }
    fn to_number(&self) -> Cow<'_, Number> {
        Cow::Owned(self.number())
    }
    fn is_integer(&self) -> bool {
        match *self {
            Num::U(_) | Num::I(_) => true,
            Num::F(f) => f.fract() == 0.0,
        }
    }
    fn is_written_as_integer(&self) -> bool {
        !matches!(self, Num::F(_))
    }
}

impl Num {
    fn number(&self) -> Number {
        match *self {
            Num::U(u) => u.into(),
            Num::I(i) => i.into(),
            // Only finite floats reach the tape.
            Num::F(f) => Number::from_f64(f).unwrap_or_else(|| 0.into()),
        }
    }
}

impl<'a> TapeNode<'a> {
    fn entry(&self) -> Option<(&'a Tape, usize, Entry)> {
        match *self {
            TapeNode::At(tape, i) => Some((tape, i, tape.entries[i])),
            TapeNode::Name(_) => None,
        }
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = Num;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        match self.entry()? {
            (tape, i, Entry::Object { len, next }) => Some(TapeObject {
                tape,
                first: i + 1,
                len,
                next,
            }),
            _ => None,
        }
    }
    fn as_array(&self) -> Option<TapeArray<'a>> {
        match self.entry()? {
            (tape, i, Entry::Array { len, next }) => Some(TapeArray {
                tape,
                first: i + 1,
                len,
                next,
            }),
            _ => None,
        }
    }
    fn as_string(&self) -> Option<Cow<'a, str>> {
        match *self {
            TapeNode::Name(s) => Some(Cow::Borrowed(s)),
            TapeNode::At(tape, i) => match tape.entries[i] {
                Entry::Str(s, e) => Some(Cow::Borrowed(tape.text(s, e))),
                _ => None,
            },
        }
    }
    fn as_number(&self) -> Option<Num> {
        match self.entry()? {
            (_, _, Entry::Number(n)) => Some(n),
            _ => None,
        }
    }
    fn as_boolean(&self) -> Option<bool> {
        match self.entry()? {
            (_, _, Entry::Bool(b)) => Some(b),
            _ => None,
        }
    }
    fn is_null(&self) -> bool {
        matches!(self.entry(), Some((_, _, Entry::Null)))
    }
    fn json_type(&self) -> JsonType {
        match self.entry() {
            None => JsonType::String,
            Some((_, _, e)) => match e {
                Entry::Null => JsonType::Null,
                Entry::Bool(_) => JsonType::Boolean,
                Entry::Number(_) => JsonType::Number,
                Entry::Str(..) | Entry::Key(..) => JsonType::String,
                Entry::Array { .. } => JsonType::Array,
                Entry::Object { .. } => JsonType::Object,
            },
        }
    }
    fn equals_value(&self, expected: &Value) -> bool {
        // `enum` and `const` compare strings, the common case, without building a Value.
        match (self.as_string(), expected) {
            (Some(s), Value::String(want)) => *s == **want,
            (Some(_), _) => false,
            (None, _) => jsonschema::json::cmp::equal(&self.to_value(), expected),
        }
    }
    fn to_value(&self) -> Cow<'a, Value> {
        Cow::Owned(match *self {
            TapeNode::Name(s) => Value::String(s.to_owned()),
            TapeNode::At(tape, i) => value_at(tape, i),
        })
    }
    fn identity(&self) -> Option<NodeIdentity> {
        match *self {
            // Entries share the tape's address and are told apart by their index.
            TapeNode::At(tape, i) => Some(NodeIdentity::tagged(
                std::ptr::from_ref(tape) as usize,
                u32::try_from(i).ok()?,
            )),
            TapeNode::Name(_) => None,
        }
    }
}

/// The `serde_json::Value` of entry `i` (for error messages and other cold paths).
fn value_at(tape: &Tape, i: usize) -> Value {
    match tape.entries[i] {
        Entry::Null => Value::Null,
        Entry::Bool(b) => Value::Bool(b),
        Entry::Number(n) => Value::Number(n.number()),
        Entry::Str(s, e) | Entry::Key(s, e) => Value::String(tape.text(s, e).to_owned()),
        Entry::Array { len, .. } => {
            let mut items = Vec::with_capacity(len);
            let mut j = i + 1;
            for _ in 0..len {
                items.push(value_at(tape, j));
                j = tape.next(j);
            }
            Value::Array(items)
        }
        Entry::Object { len, .. } => {
            let mut map = Map::new();
            let mut j = i + 1;
            for _ in 0..len {
                let Entry::Key(s, e) = tape.entries[j] else {
                    unreachable!("an object member starts with its key")
                };
                map.insert(tape.text(s, e).to_owned(), value_at(tape, j + 1));
                j = tape.next(j + 1);
            }
            Value::Object(map)
        }
    }
}

/// An object on a tape: `len` members from entry `first` (each a key, then a value) up to
/// `next`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TapeObject<'a> {
    tape: &'a Tape,
    first: usize,
    len: usize,
    next: usize,
}

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        self.len
    }
    fn get(&self, key: &String) -> Option<TapeNode<'a>> {
        self.members()
            .find(|(name, _)| *name == key.as_str())
            .map(|(_, node)| node)
    }
    fn members(&self) -> Members<'a> {
        Members {
            tape: self.tape,
            at: self.first,
            end: self.next,
        }
    }
}

/// The members of a [`TapeObject`], in document order.
pub(crate) struct Members<'a> {
    tape: &'a Tape,
    at: usize,
    end: usize,
}

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, TapeNode<'a>);
    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.end {
            return None;
        }
        let Entry::Key(s, e) = self.tape.entries[self.at] else {
            unreachable!("an object member starts with its key")
        };
        let value = self.at + 1;
        self.at = self.tape.next(value);
        Some((self.tape.text(s, e), TapeNode::At(self.tape, value)))
    }
}

/// An array on a tape: `len` items from entry `first` up to `next`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TapeArray<'a> {
    tape: &'a Tape,
    first: usize,
    len: usize,
    next: usize,
}

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = Items<'a>;

    fn len(&self) -> usize {
        self.len
    }
    fn elements(&self) -> Items<'a> {
        Items {
            tape: self.tape,
            at: self.first,
            end: self.next,
        }
    }
}

/// The items of a [`TapeArray`], in order.
pub(crate) struct Items<'a> {
    tape: &'a Tape,
    at: usize,
    end: usize,
}

impl<'a> Iterator for Items<'a> {
    type Item = TapeNode<'a>;
    fn next(&mut self) -> Option<TapeNode<'a>> {
        if self.at >= self.end {
            return None;
        }
        let node = TapeNode::At(self.tape, self.at);
        self.at = self.tape.next(self.at);
        Some(node)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(v: &Value) -> Value {
        let tape = Tape::of(v).expect("tape");
        tape.root().to_value().into_owned()
    }

    #[test]
    fn ok_values_round_trip() {
        let v = json!({
            "a": [1, -2, 3.5, null, true, false, "x", [], {}],
            "b": {"c": {"d": ["深い", {"e": 18446744073709551615u64}]}},
            "": -9223372036854775808i64,
        });
        assert_eq!(round_trip(&v), v);
    }

    #[test]
    fn ok_rust_shapes_as_serde_json_sees_them() {
        #[derive(serde::Serialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, char),
            Struct { f: Option<f64> },
        }
        #[derive(serde::Serialize)]
        struct S {
            e: Vec<E>,
            nan: f64,
            unit: (),
            t: (i8, &'static str),
            m: std::collections::BTreeMap<String, u8>,
        }
        let s = S {
            e: vec![E::Unit, E::New(1), E::Tuple(2, 'c'), E::Struct { f: None }],
            nan: f64::NAN,
            unit: (),
            t: (-1, "t"),
            m: [("k".to_string(), 3)].into(),
        };
        let want = serde_json::to_value(&s).expect("value");
        let tape = Tape::of(&s).expect("tape");
        assert_eq!(tape.root().to_value().into_owned(), want);
    }

    #[test]
    fn err_map_key_not_a_string() {
        let m: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(Tape::of(&m).is_err());
    }

    #[test]
    fn ok_accessors() {
        let v = json!({"a": [1, 2.0, "s"], "b": null});
        let tape = Tape::of(&v).expect("tape");
        let root = tape.root();
        let obj = root.as_object().expect("object");
        assert_eq!(obj.len(), 2);
        let a = obj
            .get(&"a".to_string())
            .expect("a")
            .as_array()
            .expect("array");
        let items: Vec<_> = a.elements().collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_number().and_then(|n| n.as_u64()), Some(1));
        assert!(items[1].as_number().expect("number").is_integer());
        assert!(!items[1]
            .as_number()
            .expect("number")
            .is_written_as_integer());
        assert_eq!(items[2].as_string().as_deref(), Some("s"));
        assert!(obj.get(&"b".to_string()).expect("b").is_null());
        assert!(obj.get(&"c".to_string()).is_none());
        assert!(items[2].equals_value(&json!("s")));
        assert!(!items[2].equals_value(&json!("t")));
        assert!(items[0].equals_value(&json!(1.0)));
        assert_ne!(items[0].identity(), items[1].identity());
    }

    #[test]
    fn ok_meets_the_jsonschema_representation_contract() {
        let tape = Tape::of(&jsonschema::json::conformance::document()).expect("tape");
        jsonschema::json::conformance::assert_conformance::<TapeJson>(&tape.root());
    }

    /// Every report the corpus and the seed make is the same document on a tape as in a
    /// `serde_json::Value`.
    #[test]
    fn ok_every_corpus_report_round_trips() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = vec![root.join("seeds/000_1e9e9e477dd5dd5a.txt")];
        for dir in ["corpus/plan", "corpus/achievement", "corpus/encodings"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("corpus folder") {
                files.push(entry.expect("entry").path());
            }
        }
        let mut reports = 0;
        for f in &files {
            let bytes = std::fs::read(f).expect("read");
            let Ok(parsed) = mokuhyo_parse::parse(&bytes, "r.txt") else {
                continue;
            };
            let want = serde_json::to_value(&parsed.report).expect("value");
            let tape = Tape::of(&parsed.report).expect("tape");
            assert_eq!(tape.root().to_value().into_owned(), want, "{}", f.display());
            reports += 1;
        }
        assert!(reports >= 25, "{reports} reports");
    }
}
