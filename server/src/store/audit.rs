//! The access log's keys: HMAC-SHA-256 over each entry and its predecessor's hash, with a key
//! from the configuration (`KP_AUDIT_KEY`) that the database never holds. Someone who can write
//! the database can still change or delete rows, but cannot compute the signatures that make a
//! changed log verify again.
//!
//! Each entry records the id of the key that signed it (`key_id`, a fingerprint that reveals
//! nothing about the key; empty for the plain SHA-256 entries written before keys existed), so
//! the log stays verifiable across the switch and across a change of key: the current key signs,
//! and earlier keys (`KP_AUDIT_PREVIOUS_KEYS`) still verify what they signed.
//!
//! Without `KP_AUDIT_KEY` an SQLite database gets a key of its own, generated at its first
//! start into a file beside it (`<database>.audit-key`, readable by its owner only), so the quick
//! start works; PostgreSQL refuses to start, since its several processes must share one key and
//! have no common folder to keep one in.

use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The fewest characters a configured key may have (`openssl rand -hex 32` gives 64).
pub const MIN_KEY_CHARS: usize = 32;

/// The access log's key settings as configured: `KP_AUDIT_KEY` and `KP_AUDIT_PREVIOUS_KEYS`.
/// Never printed.
#[derive(Clone, Default)]
pub struct AuditKeySetting {
    /// The key that signs new entries; none: see [`AuditKeys::for_database`].
    pub current: Option<String>,
    /// Earlier keys, only to verify the entries they signed.
    pub previous: Vec<String>,
}

impl fmt::Debug for AuditKeySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditKeySetting")
            .field("current", &self.current.as_ref().map(|_| "***"))
            .field("previous", &self.previous.len())
            .finish()
    }
}

/// One key: its bytes and its public id.
#[derive(Clone)]
struct AuditKey {
    id: String,
    secret: Vec<u8>,
}

impl AuditKey {
    fn new(secret: &[u8]) -> AuditKey {
        let id = hex(&mac(secret, &[b"kp-access-log-key-id"]))[..16].to_string();
        AuditKey {
            id,
            secret: secret.to_vec(),
        }
    }
}

/// The keys a store signs and verifies the access log with; cheap to clone.
#[derive(Clone)]
pub struct AuditKeys {
    signing: AuditKey,
    previous: Vec<AuditKey>,
}

impl fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditKeys")
            .field("signing", &self.signing.id)
            .field(
                "previous",
                &self.previous.iter().map(|k| &k.id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Where the signing key came from, for the start-up log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `KP_AUDIT_KEY`.
    Configured,
    /// A key file beside the SQLite database, created now or at an earlier start.
    FileBesideDatabase {
        /// The file.
        path: PathBuf,
        /// Whether this start created it.
        created: bool,
    },
    /// An in-memory SQLite database: a key for this process only, like the data.
    ThisProcessOnly,
}

impl AuditKeys {
    /// Keys from their secrets: `current` signs, `previous` only verify.
    pub fn new(current: &[u8], previous: &[&[u8]]) -> AuditKeys {
        AuditKeys {
            signing: AuditKey::new(current),
            previous: previous.iter().map(|p| AuditKey::new(p)).collect(),
        }
    }

    /// The keys for the database at `url` from the configuration: `KP_AUDIT_KEY` when set (at
    /// least [`MIN_KEY_CHARS`] characters); otherwise, on SQLite, the key file beside the
    /// database (created with mode 0600 at the first start); on PostgreSQL an error.
    pub fn for_database(
        setting: &AuditKeySetting,
        url: &str,
    ) -> anyhow::Result<(AuditKeys, KeySource)> {
        let previous: Vec<&str> = setting
            .previous
            .iter()
            .map(|k| k.trim())
            .filter(|k| !k.is_empty())
            .collect();
        for key in &previous {
            check_length("KP_AUDIT_PREVIOUS_KEYS", key)?;
        }
        let previous: Vec<&[u8]> = previous.iter().map(|k| k.as_bytes()).collect();
        if let Some(key) = setting.current.as_deref().map(str::trim) {
            check_length("KP_AUDIT_KEY", key)?;
            return Ok((
                AuditKeys::new(key.as_bytes(), &previous),
                KeySource::Configured,
            ));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            bail!(
                "KP_AUDIT_KEY is not set: on PostgreSQL the access log's key must come from the \
                 configuration, the same for every server process (make one with `openssl rand \
                 -hex 32` and keep it outside the database, e.g. in the secret store that holds \
                 the database password)"
            );
        }
        let Some(database) = super::sqlite_file_path(url) else {
            let mut secret = [0u8; 32];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut secret);
            return Ok((
                AuditKeys::new(hex(&secret).as_bytes(), &previous),
                KeySource::ThisProcessOnly,
            ));
        };
        let path = key_file_beside(database);
        let (secret, created) = read_or_create_key_file(&path)?;
        Ok((
            AuditKeys::new(secret.as_bytes(), &previous),
            KeySource::FileBesideDatabase { path, created },
        ))
    }

    /// The id of the key that signs new entries.
    pub fn signing_id(&self) -> &str {
        &self.signing.id
    }

    /// The key with this id, if the store has it.
    fn by_id(&self, id: &str) -> Option<&AuditKey> {
        std::iter::once(&self.signing)
            .chain(&self.previous)
            .find(|k| k.id == id)
    }

    /// An entry's signature with the signing key, over its predecessor's hash, its fields and
    /// the key's id.
    pub(crate) fn sign_entry(&self, fields: &EntryFields<'_>) -> String {
        entry_mac(&self.signing, fields)
    }

    /// An entry's signature with the key `key_id` names; `None` when the store lacks that key.
    pub(crate) fn entry_signature(&self, key_id: &str, fields: &EntryFields<'_>) -> Option<String> {
        self.by_id(key_id).map(|key| entry_mac(key, fields))
    }

    /// A checkpoint's signature with the signing key.
    pub(crate) fn sign_checkpoint(&self, last_id: i64, last_at: &str, last_hash: &str) -> String {
        checkpoint_mac(&self.signing, last_id, last_at, last_hash)
    }

    /// A checkpoint's signature with the key `key_id` names; `None` when the store lacks it.
    pub(crate) fn checkpoint_signature(
        &self,
        key_id: &str,
        last_id: i64,
        last_at: &str,
        last_hash: &str,
    ) -> Option<String> {
        self.by_id(key_id)
            .map(|key| checkpoint_mac(key, last_id, last_at, last_hash))
    }
}

/// What an access-log entry's hash or signature covers.
pub(crate) struct EntryFields<'a> {
    /// The previous entry's hash (or the checkpoint's, or the genesis value).
    pub prev: &'a str,
    /// When, as [`super::stamp`] writes it.
    pub at: &'a str,
    pub user_id: i64,
    pub user_name: &'a str,
    pub action: &'a str,
    pub record: &'a str,
    pub address: &'a str,
    /// Why (a purpose's code), when the reader gave one.
    pub purpose: Option<&'a str>,
}

/// An entry's signature. An entry without a purpose is signed as every entry was before purposes
/// existed (`v1`), so those still verify; one with a purpose is signed as `v2`, over the purpose
/// too. Each version names itself first, so removing, adding or changing a purpose changes the
/// signature either way.
fn entry_mac(key: &AuditKey, e: &EntryFields<'_>) -> String {
    let user_id = e.user_id.to_string();
    let version: &[u8] = match e.purpose {
        None => b"kp-access-log-entry-v1",
        Some(_) => b"kp-access-log-entry-v2",
    };
    let mut parts: Vec<&[u8]> = vec![
        version,
        key.id.as_bytes(),
        e.prev.as_bytes(),
        e.at.as_bytes(),
        user_id.as_bytes(),
        e.user_name.as_bytes(),
        e.action.as_bytes(),
        e.record.as_bytes(),
        e.address.as_bytes(),
    ];
    if let Some(purpose) = e.purpose {
        parts.push(purpose.as_bytes());
    }
    hex(&mac(&key.secret, &parts))
}

fn checkpoint_mac(key: &AuditKey, last_id: i64, last_at: &str, last_hash: &str) -> String {
    let last_id = last_id.to_string();
    hex(&mac(
        &key.secret,
        &[
            b"kp-access-log-checkpoint-v1",
            key.id.as_bytes(),
            last_id.as_bytes(),
            last_at.as_bytes(),
            last_hash.as_bytes(),
        ],
    ))
}

/// HMAC-SHA-256 over `parts`, each length-prefixed so no two different lists of parts give the
/// same input.
fn mac(secret: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_length(name: &str, key: &str) -> anyhow::Result<()> {
    if key.chars().count() < MIN_KEY_CHARS {
        bail!(
            "{name} is shorter than {MIN_KEY_CHARS} characters: use a random key, e.g. from \
             `openssl rand -hex 32`"
        );
    }
    Ok(())
}

/// `data/kontaktperson.db` → `data/kontaktperson.db.audit-key`.
fn key_file_beside(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_os_string();
    name.push(".audit-key");
    PathBuf::from(name)
}

/// The key in `path`, or a new random one written there, readable by the owner only; whether it
/// was created.
fn read_or_create_key_file(path: &Path) -> anyhow::Result<(String, bool)> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the folder of {}", path.display()))?;
    }
    let mut secret = [0u8; 32];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut secret);
    let key = hex(&secret);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            use std::io::Write;
            file.write_all(format!("{key}\n").as_bytes())
                .and_then(|_| file.sync_all())
                .with_context(|| format!("writing the access log's key to {}", path.display()))?;
            Ok((key, true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let key = std::fs::read_to_string(path)
                .with_context(|| format!("reading the access log's key from {}", path.display()))?
                .trim()
                .to_string();
            check_length(&path.display().to_string(), &key)?;
            Ok((key, false))
        }
        Err(e) => {
            Err(e).with_context(|| format!("creating the access log's key {}", path.display()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(prev: &str) -> EntryFields<'_> {
        EntryFields {
            prev,
            at: "2026-12-04T10:00:00Z",
            user_id: 7,
            user_name: "Anna",
            action: "read",
            record: "applicant:KP-2026-0001",
            address: "127.0.0.1",
            purpose: None,
        }
    }

    #[test]
    fn a_signature_depends_on_the_key_and_every_field() {
        let a = AuditKeys::new(&[1; 32], &[]);
        let b = AuditKeys::new(&[2; 32], &[]);
        let signed = a.sign_entry(&fields("0"));
        assert_eq!(signed.len(), 64);
        assert_ne!(signed, b.sign_entry(&fields("0")), "another key");
        assert_ne!(signed, a.sign_entry(&fields("1")), "another predecessor");
        let plain = super::super::access_hash(
            "0",
            "2026-12-04T10:00:00Z",
            7,
            "Anna",
            "read",
            "applicant:KP-2026-0001",
            "127.0.0.1",
        );
        assert_ne!(signed, plain, "not the plain hash");
        assert_eq!(
            a.entry_signature(a.signing_id(), &fields("0")),
            Some(signed)
        );
        assert_eq!(a.entry_signature(b.signing_id(), &fields("0")), None);
    }

    #[test]
    fn an_entry_without_a_purpose_is_signed_as_before_purposes_existed() {
        // Computed outside this code (Python's hmac) from the v1 layout: entries already stored
        // must verify unchanged.
        let keys = AuditKeys::new(&[1; 32], &[]);
        assert_eq!(keys.signing_id(), "601c50273fbd8929");
        assert_eq!(
            keys.sign_entry(&fields("0")),
            "0bd3a3b034e7df3c82446f59cf6ad92e99cf8959682ff1cba7c8596638eb03c3"
        );
    }

    #[test]
    fn a_purpose_is_signed_so_adding_removing_or_changing_it_shows() {
        let keys = AuditKeys::new(&[1; 32], &[]);
        let none = keys.sign_entry(&fields("0"));
        let page = keys.sign_entry(&EntryFields {
            purpose: Some("applicant_page"),
            ..fields("0")
        });
        let list = keys.sign_entry(&EntryFields {
            purpose: Some("applicant_list"),
            ..fields("0")
        });
        let empty = keys.sign_entry(&EntryFields {
            purpose: Some(""),
            ..fields("0")
        });
        assert_ne!(page, none, "a purpose added or removed");
        assert_ne!(page, list, "a purpose changed");
        assert_ne!(empty, none, "an empty purpose is not none");
    }

    #[test]
    fn an_earlier_key_still_verifies_what_it_signed() {
        let old = AuditKeys::new(b"the old key, thirty-two chars at least", &[]);
        let signed = old.sign_entry(&fields("0"));
        let now = AuditKeys::new(
            b"the new key, thirty-two chars at least",
            &[b"the old key, thirty-two chars at least"],
        );
        assert_ne!(now.signing_id(), old.signing_id());
        assert_eq!(
            now.entry_signature(old.signing_id(), &fields("0")),
            Some(signed)
        );
    }

    #[test]
    fn postgresql_without_a_key_refuses_and_a_short_key_is_refused() {
        let none = AuditKeySetting::default();
        let error = AuditKeys::for_database(&none, "postgres://kp@db/kp").unwrap_err();
        assert!(error.to_string().contains("KP_AUDIT_KEY"), "{error}");
        let short = AuditKeySetting {
            current: Some("kort".into()),
            previous: vec![],
        };
        let error = AuditKeys::for_database(&short, "sqlite://x.db").unwrap_err();
        assert!(error.to_string().contains("32"), "{error}");
        assert_eq!(
            format!("{short:?}"),
            "AuditKeySetting { current: Some(\"***\"), previous: 0 }",
            "never printed"
        );
    }

    #[test]
    fn sqlite_without_a_key_keeps_one_beside_the_database_for_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/kp.db", dir.path().display());
        let (first, source) = AuditKeys::for_database(&AuditKeySetting::default(), &url).unwrap();
        let path = dir.path().join("kp.db.audit-key");
        assert_eq!(
            source,
            KeySource::FileBesideDatabase {
                path: path.clone(),
                created: true
            }
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, source) = AuditKeys::for_database(&AuditKeySetting::default(), &url).unwrap();
        assert_eq!(again.signing_id(), first.signing_id(), "the same key");
        assert!(matches!(
            source,
            KeySource::FileBesideDatabase { created: false, .. }
        ));
    }
}
