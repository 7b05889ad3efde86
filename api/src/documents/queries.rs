//! The document endpoints' statements. `counted_page_of` is public so that
//! `vigil bench list-documents-sql` prints the very SQL the list runs.

use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Nullable};
use uuid::Uuid;

use crate::documents::dto::{DocumentQuery, DocumentSort};
use crate::documents::kinds::DocumentKind;
use crate::ids::{OrgId, UserId};
use vigil_data::models::documents::{self as model, Document};
use vigil_data::schema::documents;

/// A document about to be stored (its blob is already written).
pub(super) struct NewDocument {
    pub(super) org_id: OrgId,
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) kind: DocumentKind,
    pub(super) size_bytes: i64,
    pub(super) sha256: String,
    pub(super) storage_key: String,
    pub(super) uploaded_by_user: Option<UserId>,
    pub(super) uploaded_by_client: Option<Uuid>,
}

pub(super) fn insert(conn: &mut PgConnection, new: &NewDocument) -> QueryResult<Document> {
    diesel::insert_into(documents::table)
        .values((
            documents::org_id.eq(new.org_id),
            documents::id.eq(new.id),
            documents::name.eq(&new.name),
            documents::kind.eq(new.kind.as_str()),
            documents::content_type.eq(new.kind.content_type()),
            documents::size_bytes.eq(new.size_bytes),
            documents::sha256.eq(&new.sha256),
            documents::storage_key.eq(&new.storage_key),
            documents::uploaded_by_user.eq(new.uploaded_by_user),
            documents::uploaded_by_client.eq(new.uploaded_by_client),
        ))
        .returning(Document::as_returning())
        .get_result(conn)
}

pub(super) fn find(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
) -> QueryResult<Option<Document>> {
    model::find(conn, org_id, id)
}

/// The list's search term, if it has one (blank is none).
pub(super) fn search_term(query: &DocumentQuery) -> Option<&str> {
    query.q.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The documents a list query matches (its filters, before sorting and paging).
fn filtered(org_id: OrgId, query: &DocumentQuery) -> documents::BoxedQuery<'static, Pg> {
    let mut q = model::for_org(org_id);
    if let Some(term) = search_term(query) {
        let escaped = term
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(documents::name.ilike(format!("%{escaped}%")));
    }
    if let Some(kind) = query.kind {
        q = q.filter(documents::kind.eq(kind.as_str()));
    }
    if let Some(from) = query.from {
        q = q.filter(documents::created_at.ge(from));
    }
    if let Some(to) = query.to {
        q = q.filter(documents::created_at.lt(to));
    }
    q
}

/// One page of a list query, sorted.
fn page_of(
    org_id: OrgId,
    query: &DocumentQuery,
    sort: DocumentSort,
    limit: i64,
    offset: i64,
) -> documents::BoxedQuery<'static, Pg> {
    let filtered = filtered(org_id, query);
    let ordered = match sort {
        DocumentSort::CreatedAt => {
            filtered.order((documents::created_at.asc(), documents::id.asc()))
        }
        DocumentSort::CreatedAtDesc => {
            filtered.order((documents::created_at.desc(), documents::id.desc()))
        }
        DocumentSort::Name => filtered.order((documents::name.asc(), documents::id.asc())),
        DocumentSort::NameDesc => filtered.order((documents::name.desc(), documents::id.desc())),
        DocumentSort::Size => filtered.order((documents::size_bytes.asc(), documents::id.asc())),
        DocumentSort::SizeDesc => {
            filtered.order((documents::size_bytes.desc(), documents::id.desc()))
        }
    };
    ordered.limit(limit).offset(offset)
}

/// What a page of the list selects: the number of documents the query matches (a subquery
/// PostgreSQL runs once, under the page's own snapshot), then the document.
pub(super) type CountedRow = (Option<i64>, Document);

/// The statement [`counted_page_of`] builds.
pub type CountedPage = documents::BoxedQuery<
    'static,
    Pg,
    (
        Nullable<BigInt>,
        <diesel::dsl::AsSelect<Document, Pg> as Expression>::SqlType,
    ),
>;

/// One page of a list query and the documents it matches in all, as one statement:
/// [`page_of`] with the count of [`filtered`] beside each row.
/// `vigil bench list-documents-sql` prints the same SQL for pgbench.
pub fn counted_page_of(
    org_id: OrgId,
    query: &DocumentQuery,
    sort: DocumentSort,
    limit: i64,
    offset: i64,
) -> CountedPage {
    page_of(org_id, query, sort, limit, offset).select((
        filtered(org_id, query).count().single_value(),
        Document::as_select(),
    ))
}

/// A page of the list and the total it is a page of, in one round trip (see
/// [`vigil_data::split_counted`]).
pub(super) fn counted_page(
    conn: &mut PgConnection,
    org_id: OrgId,
    query: &DocumentQuery,
    sort: DocumentSort,
    (limit, offset): (i64, i64),
) -> QueryResult<(Vec<Document>, i64)> {
    let rows: Vec<CountedRow> = counted_page_of(org_id, query, sort, limit, offset).load(conn)?;
    vigil_data::split_counted(rows, (limit, offset), || {
        filtered(org_id, query).count().get_result(conn)
    })
}

/// The storage keys of the document's compliance results (their rows go with it, by cascade).
pub(super) fn result_keys(
    conn: &mut PgConnection,
    org_id: OrgId,
    id: Uuid,
) -> QueryResult<Vec<String>> {
    vigil_data::models::compliance::storage_keys_of_document(conn, org_id, id)
}

pub(super) fn delete(conn: &mut PgConnection, org_id: OrgId, id: Uuid) -> QueryResult<usize> {
    diesel::delete(documents::table.find((org_id, id))).execute(conn)
}
