//! What a stored document is, by its content (never by its name).

crate::text_enum! {
    pub enum DocumentKind {
        Pdf = "pdf",
        Docx = "docx",
        Xlsx = "xlsx",
        Csv = "csv",
        Txt = "txt",
        Png = "png",
        Jpeg = "jpeg",
    }
}

impl DocumentKind {
    pub fn content_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            DocumentKind::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            DocumentKind::Csv => "text/csv; charset=utf-8",
            DocumentKind::Txt => "text/plain; charset=utf-8",
            DocumentKind::Png => "image/png",
            DocumentKind::Jpeg => "image/jpeg",
        }
    }
}
