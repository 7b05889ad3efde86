//! One organisation's data, generated from the seed before anything is written.

use std::collections::HashSet;

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use rand::{RngExt, SeedableRng};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::data::{self, Rng};
use super::{
    EMAIL_DOMAIN, MAX_ORGANIZATIONS, OrgPlan, SeedDocument, SeedInvitation, SeedOptions,
    SeedResult, SeedUser, demo_email,
};
use vigil::compliance::Finding;
use vigil::domain::OrgName;
use vigil::ids::OrgId;
use vigil::organizations::roles::Role;
use vigil::organizations::seats;

fn uuid(rng: &mut Rng) -> Uuid {
    uuid::Builder::from_random_bytes(rng.random()).into_uuid()
}

pub(super) fn plan_org(options: &SeedOptions, run: u32, index: u32, now: DateTime<Utc>) -> OrgPlan {
    // Its own stream per (seed, run, organisation): order of execution does not matter.
    let mut hasher = Sha256::new();
    hasher.update(options.seed.to_le_bytes());
    hasher.update(run.to_le_bytes());
    hasher.update(index.to_le_bytes());
    let mut rng = Rng::from_seed(hasher.finalize().into());

    let sector = data::sector(&mut rng);
    let name = data::org_name(&mut rng, sector);
    let base = OrgName::parse(&name).map_or_else(|_| "organisation".into(), |n| n.slug_base());
    let domain = match run {
        0 => format!("{base}-{}.{EMAIL_DOMAIN}", index + 1),
        r => format!("{base}-r{r}-{}.{EMAIL_DOMAIN}", index + 1),
    };
    let serial = u64::from(run) * u64::from(MAX_ORGANIZATIONS) + u64::from(index);
    let abn = data::abn(serial).map(|a| a.as_str().to_owned());
    let address = data::address(&mut rng);
    let org_id = OrgId::from_uuid(uuid(&mut rng));

    let mut taken = HashSet::new();
    let mut new_email = |person: &data::Person| {
        let local = data::email_local(person);
        let mut candidate = local.clone();
        let mut n = 1;
        while !taken.insert(candidate.clone()) {
            n += 1;
            candidate = format!("{local}{n}");
        }
        format!("{candidate}@{domain}")
    };

    let users: Vec<SeedUser> = (0..options.users_per_org)
        .map(|i| {
            let person = data::person(&mut rng);
            let role = match i {
                0 => Role::Owner,
                1 => Role::Admin,
                _ if rng.random_bool(0.1) => Role::Viewer,
                _ => Role::Member,
            };
            let email = if i == 0 && index == 0 {
                demo_email(run)
            } else {
                new_email(&person)
            };
            SeedUser {
                id: uuid(&mut rng),
                email,
                first: person.first,
                last: person.last,
                job_title: person.job_title,
                role,
            }
        })
        .collect();

    let invitation_count = (options.users_per_org / 10).max(1);
    let invitations = (0..invitation_count)
        .map(|_| {
            let person = data::person(&mut rng);
            let token: [u8; 32] = rng.random();
            SeedInvitation {
                id: uuid(&mut rng),
                email: new_email(&person),
                role: if rng.random_bool(0.2) {
                    Role::Admin
                } else {
                    Role::Member
                },
                token_hash: Sha256::digest(token).to_vec(),
                created_at: now - Duration::minutes(rng.random_range(5..600)),
            }
        })
        .collect();
    let seats_needed = i64::from(options.users_per_org + invitation_count);
    let tier = ["free", "standard"]
        .into_iter()
        .find(|tier| seats::limit(tier).is_some_and(|limit| seats_needed <= limit))
        .unwrap_or("enterprise");

    let mut error = None;
    let mut documents = Vec::with_capacity(options.documents_per_org as usize);
    let mut results = Vec::new();
    let owner = users.first().map_or(Uuid::nil(), |u| u.id);
    for _ in 0..options.documents_per_org {
        let title = data::document_title(&mut rng);
        let kind = data::document_kind(&mut rng);
        let bytes = match data::file_bytes(kind, &title, &name) {
            Ok(bytes) => Bytes::from(bytes),
            Err(e) => {
                error.get_or_insert(format!("making a {} file: {e}", kind.as_str()));
                continue;
            }
        };
        let uploader = users
            .get(rng.random_range(0..users.len().max(1)))
            .map_or(owner, |u| u.id);
        let created_at = now - Duration::minutes(rng.random_range(60..730 * 24 * 60));
        let id = uuid(&mut rng);
        for _ in 0..rng.random_range(0..=2) {
            let check = data::check_result(&mut rng, sector);
            let findings: Vec<Finding> = check
                .findings
                .iter()
                .enumerate()
                .map(|(n, text)| Finding {
                    requirement: format!("{} action {}", check.standard, n + 1),
                    status: check.status,
                    evidence: Some(title.clone()),
                    recommendation: Some((*text).to_owned()),
                })
                .collect();
            results.push(SeedResult {
                id: uuid(&mut rng),
                document_id: id,
                standard: check.standard,
                status: check.status,
                score: check.score,
                findings: serde_json::to_value(findings).unwrap_or_default(),
                created_by: owner,
                created_at: created_at + Duration::minutes(rng.random_range(1..60)),
            });
        }
        documents.push(SeedDocument {
            id,
            name: format!("{title}.{}", data::extension(kind)),
            kind,
            sha256: hex::encode(Sha256::digest(&bytes)),
            bytes,
            uploaded_by: uploader,
            created_at,
        });
    }

    OrgPlan {
        org_id,
        contact_email: format!("reception@{domain}"),
        name,
        abn,
        address,
        tier,
        users,
        invitations,
        documents,
        results,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_are_deterministic() {
        let now = Utc::now();
        let options = SeedOptions::default();
        let a = plan_org(&options, 0, 3, now);
        let b = plan_org(&options, 0, 3, now);
        assert_eq!(a.name, b.name);
        assert_eq!(a.org_id, b.org_id);
        let emails = |p: &OrgPlan| p.users.iter().map(|u| u.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&a), emails(&b));
        assert_ne!(a.org_id, plan_org(&options, 1, 3, now).org_id);
    }
}
