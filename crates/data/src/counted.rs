//! A page of a list and the total it is a page of, in one statement: the page selects the
//! list's count as an uncorrelated subquery beside each row (`(count.single_value(), row)`),
//! which PostgreSQL runs once, under the page's own snapshot. One round trip instead of two.

use diesel::result::QueryResult;

/// Splits a counted page into its rows and the total. A page past the end has no row to carry
/// the total: only then does `count` run (a second statement).
pub fn split_counted<T>(
    rows: Vec<(Option<i64>, T)>,
    (limit, offset): (i64, i64),
    count: impl FnOnce() -> QueryResult<i64>,
) -> QueryResult<(Vec<T>, i64)> {
    let total = match rows.first() {
        Some((total, _)) => total.unwrap_or_default(),
        // The first page of a list that has nothing.
        None if offset == 0 && limit > 0 => 0,
        None => count()?,
    };
    Ok((rows.into_iter().map(|(_, row)| row).collect(), total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never() -> QueryResult<i64> {
        panic!("counted again although the page carried the total")
    }

    #[test]
    fn the_total_comes_with_the_rows_or_is_counted_past_the_end() {
        let page = vec![(Some(7), 'a'), (Some(7), 'b')];
        assert_eq!(
            split_counted(page, (2, 0), never).unwrap(),
            (vec!['a', 'b'], 7)
        );
        let empty: Vec<(Option<i64>, char)> = Vec::new();
        assert_eq!(
            split_counted(empty.clone(), (25, 0), never).unwrap(),
            (vec![], 0)
        );
        assert_eq!(
            split_counted(empty.clone(), (25, 50), || Ok(7)).unwrap(),
            (vec![], 7)
        );
        assert_eq!(split_counted(empty, (0, 0), || Ok(7)).unwrap(), (vec![], 7));
    }
}
