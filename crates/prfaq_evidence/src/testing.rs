//! Helpers for tests of the crates that import feedback (the `testing` feature); never
//! for production.

/// A real Excel workbook with one sheet, `Responses`, as spreadsheet programs write one:
/// text in the shared strings, numbers as numbers, and a cell written `=N` as the date
/// of Excel serial day N. Each row is the sheet's next row (the header is row 1); an
/// empty row is left out of the sheet, as Excel leaves out a row with nothing in it.
pub fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    use std::io::Write as _;

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    }
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut strings: Vec<String> = Vec::new();
    let mut sheet = String::new();
    for (i, row) in rows.iter().enumerate() {
        if row.is_empty() {
            continue;
        }
        let r = i + 1;
        sheet.push_str(&format!("<row r=\"{r}\">"));
        for (c, cell) in row.iter().enumerate() {
            let at = format!(
                "{}{r}",
                char::from(b'A' + u8::try_from(c).expect("few columns"))
            );
            if cell.is_empty() {
                continue;
            }
            if let Some(serial) = cell.strip_prefix('=') {
                sheet.push_str(&format!("<c r=\"{at}\" s=\"1\"><v>{serial}</v></c>"));
            } else if cell.parse::<f64>().is_ok() {
                sheet.push_str(&format!("<c r=\"{at}\"><v>{cell}</v></c>"));
            } else {
                let index = strings.iter().position(|s| s == cell).unwrap_or_else(|| {
                    strings.push((*cell).to_string());
                    strings.len() - 1
                });
                sheet.push_str(&format!("<c r=\"{at}\" t=\"s\"><v>{index}</v></c>"));
            }
        }
        sheet.push_str("</row>");
    }
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>";
    let shared: String = strings
        .iter()
        .map(|s| format!("<si><t xml:space=\"preserve\">{}</t></si>", escape(s)))
        .collect();
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                "{head}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
                 <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
                 <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
                 <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
                 <Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>\
                 <Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>\
                 <Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>\
                 </Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "{head}<Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" \
                 Type=\"{DOC_RELS}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                "{head}<workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC_RELS}\"><sheets>\
                 <sheet name=\"Responses\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                "{head}<Relationships xmlns=\"{RELS}\">\
                 <Relationship Id=\"rId1\" Type=\"{DOC_RELS}/worksheet\" Target=\"worksheets/sheet1.xml\"/>\
                 <Relationship Id=\"rId2\" Type=\"{DOC_RELS}/sharedStrings\" Target=\"sharedStrings.xml\"/>\
                 <Relationship Id=\"rId3\" Type=\"{DOC_RELS}/styles\" Target=\"styles.xml\"/>\
                 </Relationships>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!("{head}<worksheet xmlns=\"{MAIN}\"><sheetData>{sheet}</sheetData></worksheet>"),
        ),
        (
            "xl/sharedStrings.xml",
            format!(
                "{head}<sst xmlns=\"{MAIN}\" count=\"{n}\" uniqueCount=\"{n}\">{shared}</sst>",
                n = strings.len()
            ),
        ),
        (
            "xl/styles.xml",
            format!(
                "{head}<styleSheet xmlns=\"{MAIN}\"><fonts count=\"1\"><font/></fonts>\
                 <fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>\
                 <cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\">\
                 <xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs>\
                 </styleSheet>"
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in parts {
        zip.start_file(name, options).expect("a zip entry");
        zip.write_all(text.as_bytes()).expect("written");
    }
    zip.finish().expect("a finished workbook").into_inner()
}
