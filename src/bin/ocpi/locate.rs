//! From a JSON path (`evses[0].connectors[1].standard`, `[3].id`, `.` for the root) back to
//! the line and column of the value in the document's bytes: a small scanner that skips
//! values without building them. A path that goes further than the document (a missing
//! field) gives the position of the deepest part that exists.

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// A member of an object.
    Field(&'a str),
    /// An element of an array.
    Index(usize),
}

/// The steps of a path as the crate writes them.
pub fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    if path == "." || path.is_empty() {
        return out;
    }
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            out.push(Segment::Field(name));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(end) = stripped.find(']') else { break };
            if let Ok(i) = stripped[..end].parse() {
                out.push(Segment::Index(i));
            }
            rest = &stripped[end + 1..];
        }
    }
    out
}

/// The 1-based line and column (in bytes) of the value at `path`, or of the deepest part of
/// it that the document has; `None` when the document cannot be scanned to it.
pub fn position(doc: &[u8], path: &str) -> Option<(usize, usize)> {
    let offset = offset(doc, path)?;
    Some(line_column(doc, offset))
}

/// The line and column of a byte offset.
pub fn line_column(doc: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(doc.len());
    let before = &doc[..offset];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

/// The 1-based line and column of the last byte of the value at `path` (or of the deepest
/// part of it found), where the crate's reader places an error about that value.
pub fn end_position(doc: &[u8], path: &str) -> Option<(usize, usize)> {
    let start = offset(doc, path)?;
    let mut s = Scanner { doc, at: start };
    s.skip()?;
    Some(line_column(doc, s.at.saturating_sub(1).max(start)))
}

/// The byte offset of the value at `path` (or of the deepest part found).
pub fn offset(doc: &[u8], path: &str) -> Option<usize> {
    let mut s = Scanner { doc, at: 0 };
    s.ws();
    let mut found = s.at;
    for segment in segments(path) {
        let next = match segment {
            Segment::Field(name) => s.member(name),
            Segment::Index(i) => s.element(i),
        };
        match next {
            Some(at) => {
                found = at;
                s.at = at;
            }
            None => break,
        }
    }
    (found < doc.len()).then_some(found)
}

struct Scanner<'a> {
    doc: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.doc.get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Reads a string at the cursor; returns its raw contents (escapes left as they are).
    fn string(&mut self) -> Option<&[u8]> {
        self.expect(b'"')?;
        let start = self.at;
        loop {
            match self.peek()? {
                b'\\' => self.at += 2,
                b'"' => {
                    let s = &self.doc[start..self.at];
                    self.at += 1;
                    return Some(s);
                }
                _ => self.at += 1,
            }
        }
    }

    /// Skips the value at the cursor.
    fn skip(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.at += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                ) {
                    self.at += 1;
                }
                Some(())
            }
        }
    }

    /// In the object at the cursor, the offset of the value of member `name`.
    fn member(&mut self, name: &str) -> Option<usize> {
        self.ws();
        self.expect(b'{')?;
        loop {
            self.ws();
            if self.peek()? == b'}' {
                return None;
            }
            let key = self.string()?;
            let matches = key == name.as_bytes();
            self.ws();
            self.expect(b':')?;
            self.ws();
            if matches {
                return Some(self.at);
            }
            self.next_item()?;
        }
    }

    /// In the array at the cursor, the offset of element `index`.
    fn element(&mut self, index: usize) -> Option<usize> {
        self.ws();
        self.expect(b'[')?;
        for i in 0.. {
            self.ws();
            if self.peek()? == b']' {
                return None;
            }
            if i == index {
                return Some(self.at);
            }
            self.next_item()?;
        }
        None
    }

    /// Steps over `byte` at the cursor (`None` when another byte is there).
    fn expect(&mut self, byte: u8) -> Option<()> {
        if self.peek()? != byte {
            return None;
        }
        self.at += 1;
        Some(())
    }

    /// Skips the value at the cursor and the comma after it (`None` at the end of its object
    /// or array, or when something else follows it).
    fn next_item(&mut self) -> Option<()> {
        self.skip()?;
        self.ws();
        self.expect(b',')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values() {
        let doc = b"{\n  \"a\": [1, {\"b\": \"x\\\"y\", \"c\": {\"d\": 2}}],\n  \"e\": null\n}";
        assert_eq!(position(doc, "."), Some((1, 1)));
        assert_eq!(position(doc, "a"), Some((2, 8)));
        assert_eq!(position(doc, "a[1].c.d"), Some((2, 37)));
        assert_eq!(position(doc, "e"), Some((3, 8)));
        // A missing member: the deepest part that exists.
        assert_eq!(position(doc, "a[1].c.z"), Some((2, 31)));
        assert_eq!(position(b"[{\"x\":1},{\"y\":2}]", "[1].y"), Some((1, 15)));
        assert_eq!(position(b"{\"a\":", "a.b"), None);
    }
}
