//! The roles a member can hold. What each role may do is the permission table in
//! `crate::permissions`.

crate::text_enum! {
    #[derive(PartialOrd, Ord)]
    pub enum Role {
        Owner = "owner",
        Admin = "admin",
        Member = "member",
        Viewer = "viewer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_refuse_unknowns() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
