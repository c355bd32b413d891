//! Configuration from the environment, overridable by command-line flags.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::client_addr::TrustedProxies;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; loopback unless told otherwise.
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (the chosen address is printed).
    pub port: u16,
    /// sqlx database URL, `sqlite://…` by default.
    pub database_url: String,
    /// The SPA built by Trunk (`dist/`).
    pub dist_dir: PathBuf,
    /// Per-locale content files (`content/<locale>/<page>.md`).
    pub content_dir: PathBuf,
    /// The demo caseworker (an administrator), when both are set.
    pub demo_user: Option<(String, String)>,
    /// The public address (`https://kontaktperson.kommun.se`), for absolute links search engines
    /// read; without it the request's `Host` is used.
    pub public_url: Option<String>,
    /// Facts about the municipality that the public texts name.
    pub settings: crate::content::Settings,
    /// The municipality's logo file (`KP_MUNICIPALITY_LOGO`: PNG, SVG or WebP), shown in every
    /// page's header in place of the name; none: the name is shown.
    pub municipality_logo: Option<PathBuf>,
    /// New applications accepted per address in ten minutes.
    pub submission_limit: usize,
    /// `smtp://host:25`, `smtps://user:pass@host:465` or `smtp://…?tls=required`; none: outbox only.
    pub smtp_url: Option<String>,
    /// The sender address (default: the unit's address).
    pub mail_from: Option<String>,
    /// Failed sign-ins allowed per client and account in 15 minutes (four times that per client,
    /// ten times that per account from anywhere; see `throttle`).
    pub sign_in_limit: usize,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`KP_TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
    /// A session ends after this long without a request (`KP_SESSION_IDLE_SECONDS`).
    pub idle_timeout: chrono::Duration,
    /// Limits on the server's connections.
    pub limits: ServerLimits,
    /// Which local accounts must have a second factor (`KP_REQUIRE_MFA`: `admins`, the
    /// default; `all`; `off`).
    pub require_mfa: kp_domain::second_factor::MfaPolicy,
    /// Single sign-on through the municipality's identity provider (`KP_OIDC_*`), if configured.
    pub oidc: Option<OidcConfig>,
    /// Whether e-mail and password sign in (`KP_LOCAL_SIGN_IN`, `on` unless `off`); off only
    /// with an identity provider, which is then the only way in.
    pub local_sign_in: bool,
    /// The access log's signing key (`KP_AUDIT_KEY`) and earlier keys that still verify what
    /// they signed (`KP_AUDIT_PREVIOUS_KEYS`, comma-separated). Without a key: see
    /// `store::AuditKeys::for_database`.
    pub audit_key: crate::store::AuditKeySetting,
    /// The contact person's area (`KP_CONTACT_*`, `KP_REPORT_*`).
    pub contact_area: crate::contact_area::ContactAreaConfig,
    /// E-legitimation for contact persons through the municipality's e-ID broker
    /// (`KP_EID_OIDC_*`), if configured: its client, and the claim with the personnummer.
    pub eid: Option<(OidcConfig, String)>,
}

/// The identity provider (OpenID Connect) and how its claims map to accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// The issuer (`KP_OIDC_ISSUER`); its `/.well-known/openid-configuration` is read.
    pub issuer: String,
    /// This client's id at the provider (`KP_OIDC_CLIENT_ID`).
    pub client_id: String,
    /// Its secret (`KP_OIDC_CLIENT_SECRET`); none for a public client (PKCE alone).
    pub client_secret: Option<String>,
    /// The scopes asked for (`KP_OIDC_SCOPES`, space-separated; `openid email profile`).
    pub scopes: Vec<String>,
    /// The provider's name on the sign-in page: "Logga in med {name}" (`KP_OIDC_NAME`).
    pub name: String,
    /// The claim that carries the role (`KP_OIDC_ROLE_CLAIM`, e.g. `groups` or `roles`); none:
    /// roles are managed in Kontaktperson and nobody is created at sign-in.
    pub role_claim: Option<String>,
    /// The claim value that makes an administrator (`KP_OIDC_ADMIN_VALUE`).
    pub admin_value: String,
    /// The claim value that makes a caseworker (`KP_OIDC_CASEWORKER_VALUE`).
    pub caseworker_value: String,
}

impl OidcConfig {
    /// From `KP_OIDC_*`; `None` without `KP_OIDC_ISSUER`.
    fn from_env(env: &impl Fn(&str) -> Option<String>) -> Result<Option<OidcConfig>, String> {
        OidcConfig::from_env_prefixed(env, "KP_OIDC")
    }

    /// From `<prefix>_ISSUER`, `<prefix>_CLIENT_ID`, …; `None` without the issuer. The
    /// caseworkers' provider is `KP_OIDC`, the contact persons' e-ID broker `KP_EID_OIDC`.
    pub fn from_env_prefixed(
        env: &impl Fn(&str) -> Option<String>,
        prefix: &str,
    ) -> Result<Option<OidcConfig>, String> {
        let set = |key: &str| {
            env(&format!("{prefix}_{key}"))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let Some(issuer) = set("ISSUER") else {
            return Ok(None);
        };
        if !(issuer.starts_with("https://") || issuer.starts_with("http://")) {
            return Err(format!("{prefix}_ISSUER is not an http(s) URL: {issuer}"));
        }
        let client_id = set("CLIENT_ID")
            .ok_or_else(|| format!("{prefix}_ISSUER is set but {prefix}_CLIENT_ID is not"))?;
        let mut scopes: Vec<String> = set("SCOPES")
            .unwrap_or_else(|| "openid email profile".into())
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if !scopes.iter().any(|s| s == "openid") {
            scopes.insert(0, "openid".into());
        }
        Ok(Some(OidcConfig {
            issuer,
            client_id,
            client_secret: set("CLIENT_SECRET"),
            scopes,
            name: set("NAME").unwrap_or_else(|| "kommunens inloggning".into()),
            role_claim: set("ROLE_CLAIM"),
            admin_value: set("ADMIN_VALUE").unwrap_or_else(|| "kontaktperson-administrator".into()),
            caseworker_value: set("CASEWORKER_VALUE")
                .unwrap_or_else(|| "kontaktperson-handlaggare".into()),
        }))
    }
}

/// What one client may hold of the server, whether or not a proxy sits in front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// A request's head must arrive whole within this; a kept-alive connection with no new
    /// request for this long is closed (`KP_HEADER_TIMEOUT_SECONDS`, 10).
    pub header_timeout: Duration,
    /// A request must be answered within this, body reading included, else 408
    /// (`KP_REQUEST_TIMEOUT_SECONDS`, 30).
    pub request_timeout: Duration,
    /// Connections served at once; more wait in the kernel's backlog
    /// (`KP_MAX_CONNECTIONS`, 1024).
    pub max_connections: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// A positive whole number from the environment, or the default.
fn number<T: std::str::FromStr + PartialOrd + From<u8>>(
    env: &impl Fn(&str) -> Option<String>,
    key: &str,
    default: T,
) -> Result<T, String> {
    match env(key) {
        None => Ok(default),
        Some(v) => match v.trim().parse::<T>() {
            Ok(n) if n >= T::from(1) => Ok(n),
            _ => Err(format!("{key} is not a positive whole number: {v}")),
        },
    }
}

impl Config {
    /// Reads `HOST`, `PORT`, `DATABASE_URL`, `KP_DIST_DIR`, `KP_CONTENT_DIR`, `DEMO_USER` and
    /// `DEMO_PASSWORD`, then lets `--host`, `--port`, `--database-url`, `--dist` and `--content`
    /// override them.
    pub fn from_env_and_args(
        env: impl Fn(&str) -> Option<String>,
        args: &[String],
    ) -> Result<Config, String> {
        let mut host = env("HOST").unwrap_or_else(|| "127.0.0.1".into());
        let mut port = env("PORT").unwrap_or_else(|| "8080".into());
        let mut database_url = env("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        let mut dist = env("KP_DIST_DIR").unwrap_or_else(|| "dist".into());
        let mut content = env("KP_CONTENT_DIR").unwrap_or_else(|| "content".into());
        let mut iter = args.iter();
        while let Some(flag) = iter.next() {
            let mut value = || {
                iter.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--host" => host = value()?,
                "--port" => port = value()?,
                "--database-url" => database_url = value()?,
                "--dist" => dist = value()?,
                "--content" => content = value()?,
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown argument {other}\n{USAGE}")),
            }
        }
        let demo_user = match (env("DEMO_USER"), env("DEMO_PASSWORD")) {
            (Some(u), Some(p)) if !u.trim().is_empty() && !p.is_empty() => Some((u, p)),
            _ => None,
        };
        let setting = |key: &str, default: &str| env(key).unwrap_or_else(|| default.to_string());
        let settings = crate::content::Settings {
            municipality: setting("KP_MUNICIPALITY", "Exempelby kommun"),
            unit_email: setting("KP_UNIT_EMAIL", "kontaktperson@exempelby.se"),
            unit_phone: setting("KP_UNIT_PHONE", "010-123 45 67"),
            dpo_email: setting("KP_DPO_EMAIL", "dataskyddsombud@exempelby.se"),
        };
        let limits = ServerLimits {
            header_timeout: Duration::from_secs(number(&env, "KP_HEADER_TIMEOUT_SECONDS", 10)?),
            request_timeout: Duration::from_secs(number(&env, "KP_REQUEST_TIMEOUT_SECONDS", 30)?),
            max_connections: number(&env, "KP_MAX_CONNECTIONS", 1024)?,
        };
        let idle_seconds: i64 = number(&env, "KP_SESSION_IDLE_SECONDS", 30 * 60)?;
        let public_url = env("KP_PUBLIC_URL")
            .map(|u| u.trim_end_matches('/').to_string())
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        let oidc = OidcConfig::from_env(&env)?;
        if oidc.is_some() && public_url.is_none() {
            return Err(
                "KP_OIDC_ISSUER needs KP_PUBLIC_URL: the provider sends people back to \
                        <KP_PUBLIC_URL>/api/auth/oidc/callback"
                    .into(),
            );
        }
        let local_sign_in = match env("KP_LOCAL_SIGN_IN").as_deref().map(str::trim) {
            None | Some("") | Some("on") => true,
            Some("off") if oidc.is_some() => false,
            Some("off") => {
                return Err(
                    "KP_LOCAL_SIGN_IN=off needs KP_OIDC_ISSUER: nobody could sign in".into(),
                )
            }
            Some(other) => return Err(format!("KP_LOCAL_SIGN_IN is neither on nor off: {other}")),
        };
        let eid = match OidcConfig::from_env_prefixed(&env, "KP_EID_OIDC")? {
            Some(_) if public_url.is_none() => {
                return Err(
                    "KP_EID_OIDC_ISSUER needs KP_PUBLIC_URL: the broker sends people back \
                            to <KP_PUBLIC_URL>/api/contact/eid/callback"
                        .into(),
                )
            }
            Some(broker) => Some((
                broker,
                env("KP_EID_PERSONNUMMER_CLAIM")
                    .map(|c| c.trim().to_string())
                    .filter(|c| !c.is_empty())
                    .unwrap_or_else(|| crate::oidc::SWEDISH_PERSONNUMMER_CLAIM.into()),
            )),
            None => None,
        };
        let smtp_url = env("SMTP_URL").filter(|v| !v.trim().is_empty());
        let contact_area = crate::contact_area::ContactAreaConfig::from_env(
            &env,
            smtp_url.is_some(),
            public_url.is_some(),
            eid.is_some(),
        )?;
        Ok(Config {
            host: host
                .parse()
                .map_err(|_| format!("HOST is not an IP address: {host}"))?,
            port: port
                .parse()
                .map_err(|_| format!("PORT is not a port number: {port}"))?,
            database_url,
            dist_dir: dist.into(),
            content_dir: content.into(),
            demo_user,
            public_url,
            settings,
            municipality_logo: env("KP_MUNICIPALITY_LOGO")
                .filter(|path| !path.trim().is_empty())
                .map(PathBuf::from),
            submission_limit: match env("KP_SUBMISSION_LIMIT") {
                Some(v) => v
                    .parse()
                    .map_err(|_| format!("KP_SUBMISSION_LIMIT is not a number: {v}"))?,
                None => 5,
            },
            smtp_url,
            mail_from: env("MAIL_FROM").filter(|v| !v.trim().is_empty()),
            sign_in_limit: 5,
            trusted_proxies: TrustedProxies::parse(&env("KP_TRUSTED_PROXIES").unwrap_or_default())?,
            idle_timeout: chrono::Duration::seconds(idle_seconds.min(24 * 3600)),
            limits,
            require_mfa: match env("KP_REQUIRE_MFA") {
                Some(v) => kp_domain::second_factor::MfaPolicy::parse(&v)
                    .ok_or_else(|| format!("KP_REQUIRE_MFA is neither admins, all nor off: {v}"))?,
                None => kp_domain::second_factor::MfaPolicy::default(),
            },
            oidc,
            local_sign_in,
            audit_key: crate::store::AuditKeySetting {
                current: env("KP_AUDIT_KEY").filter(|k| !k.trim().is_empty()),
                previous: env("KP_AUDIT_PREVIOUS_KEYS")
                    .map(|keys| keys.split(',').map(|k| k.trim().to_string()).collect())
                    .unwrap_or_default(),
            },
            contact_area,
            eid,
        })
    }
}

/// The database when neither `DATABASE_URL` nor `--database-url` names one.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/kontaktperson.db";

/// What `kp-server --help` prints.
pub(crate) const USAGE: &str = "usage: kp-server [--host IP] [--port N] [--database-url URL] [--dist DIR] [--content DIR]
       kp-server backup FILE [--database-url URL]
           a consistent copy of the SQLite database, taken while the server runs, into FILE (new)
       kp-server restore FILE [--force] [--database-url URL]
           puts a backup back in place of the database; stop the server first. Refused if the
           database holds applications or access-log entries the backup lacks, unless --force
environment: HOST, PORT (8080), DATABASE_URL (sqlite://data/kontaktperson.db), KP_DIST_DIR (dist),
             KP_CONTENT_DIR (content), DEMO_USER + DEMO_PASSWORD (creates a demo administrator),
             KP_MUNICIPALITY, KP_UNIT_EMAIL, KP_UNIT_PHONE, KP_DPO_EMAIL (named in the public texts),
             KP_MUNICIPALITY_LOGO (a PNG, SVG or WebP file shown in every header, at most 200 KB),
             KP_PUBLIC_URL (absolute links for search engines),
             SMTP_URL + MAIL_FROM (send mail; without them mail stays in the outbox),
             KP_SUBMISSION_LIMIT (new applications per address per 10 minutes, default 5),
             KP_TRUSTED_PROXIES (addresses/CIDRs whose X-Forwarded-For is believed; default none),
             KP_SESSION_IDLE_SECONDS (1800), KP_HEADER_TIMEOUT_SECONDS (10),
             KP_REQUEST_TIMEOUT_SECONDS (30), KP_MAX_CONNECTIONS (1024),
             KP_REQUIRE_MFA (admins | all | off: who must have a second factor; admins),
             KP_OIDC_ISSUER + KP_OIDC_CLIENT_ID (+ KP_OIDC_CLIENT_SECRET, KP_OIDC_SCOPES,
             KP_OIDC_NAME, KP_OIDC_ROLE_CLAIM, KP_OIDC_ADMIN_VALUE, KP_OIDC_CASEWORKER_VALUE):
             single sign-on through the municipality's identity provider (needs KP_PUBLIC_URL),
             KP_LOCAL_SIGN_IN (on | off: e-mail and password; on),
             KP_CONTACT_LINK_SIGN_IN (on | off: contact persons sign in with a mailed one-time
             link; off; needs SMTP_URL and KP_PUBLIC_URL), KP_CONTACT_AREA_WITHOUT_ASSIGNMENT
             (on | off: approved people without an assignment may sign in too; off),
             KP_REPORT_DUE_DAY (5: a month's report is due on this day of the next month),
             KP_REPORT_LATE_MONTHS (3: how many months back a late report is paid),
             KP_REPORT_EXTRA_COSTS (on | off: extra costs with receipts; off),
             KP_EID_OIDC_ISSUER + KP_EID_OIDC_CLIENT_ID (+ KP_EID_OIDC_CLIENT_SECRET,
             KP_EID_OIDC_SCOPES, KP_EID_OIDC_NAME, KP_EID_PERSONNUMMER_CLAIM): contact persons sign
             in with e-legitimation through the municipality's e-ID broker (needs KP_PUBLIC_URL),
             KP_AUDIT_KEY (the access log's HMAC key, 32 characters or more; required on
             PostgreSQL, on SQLite a key file beside the database without it),
             KP_AUDIT_PREVIOUS_KEYS (earlier keys, comma-separated, to verify what they signed)";

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults_listen_on_loopback_port_8080_with_a_local_sqlite_file() {
        let config = Config::from_env_and_args(env_of(&[]), &[]).unwrap();
        assert_eq!(config.host.to_string(), "127.0.0.1");
        assert_eq!(config.port, 8080);
        assert_eq!(config.database_url, "sqlite://data/kontaktperson.db");
        assert!(
            config.demo_user.is_none(),
            "no default account without DEMO_*"
        );
    }

    #[test]
    fn administrators_must_have_a_second_factor_unless_configured_otherwise() {
        use kp_domain::second_factor::MfaPolicy;
        let default = Config::from_env_and_args(env_of(&[]), &[]).unwrap();
        assert_eq!(default.require_mfa, MfaPolicy::Admins);
        let all = Config::from_env_and_args(env_of(&[("KP_REQUIRE_MFA", "all")]), &[]).unwrap();
        assert_eq!(all.require_mfa, MfaPolicy::All);
        let typo = Config::from_env_and_args(env_of(&[("KP_REQUIRE_MFA", "alla")]), &[]);
        assert!(typo.unwrap_err().contains("KP_REQUIRE_MFA"));
    }

    #[test]
    fn single_sign_on_needs_an_issuer_a_client_and_the_public_address() {
        let oidc = [
            ("KP_OIDC_ISSUER", "https://login.kommun.se"),
            ("KP_OIDC_CLIENT_ID", "kontaktperson"),
            ("KP_PUBLIC_URL", "https://kontaktperson.kommun.se/"),
            ("KP_OIDC_SCOPES", "email groups"),
            ("KP_LOCAL_SIGN_IN", "off"),
        ];
        let config = Config::from_env_and_args(env_of(&oidc), &[]).unwrap();
        let sso = config.oidc.unwrap();
        assert_eq!(
            sso.scopes,
            ["openid", "email", "groups"],
            "openid is always asked for"
        );
        assert_eq!(sso.name, "kommunens inloggning");
        assert_eq!(sso.client_secret, None);
        assert!(!config.local_sign_in);

        let no_client = Config::from_env_and_args(env_of(&oidc[..1]), &[]);
        assert!(no_client.unwrap_err().contains("KP_OIDC_CLIENT_ID"));
        let no_address = Config::from_env_and_args(env_of(&oidc[..2]), &[]);
        assert!(no_address.unwrap_err().contains("KP_PUBLIC_URL"));
        let nobody = Config::from_env_and_args(env_of(&[("KP_LOCAL_SIGN_IN", "off")]), &[]);
        assert!(nobody.unwrap_err().contains("KP_OIDC_ISSUER"));
        let typo = Config::from_env_and_args(env_of(&[("KP_LOCAL_SIGN_IN", "av")]), &[]);
        assert!(typo.unwrap_err().contains("KP_LOCAL_SIGN_IN"));
        let default = Config::from_env_and_args(env_of(&[]), &[]).unwrap();
        assert!(default.oidc.is_none() && default.local_sign_in);
    }

    #[test]
    fn e_legitimation_for_contact_persons_is_a_provider_of_its_own_reading_the_swedish_claim() {
        let eid = [
            ("KP_EID_OIDC_ISSUER", "https://eid.kommun.se"),
            ("KP_EID_OIDC_CLIENT_ID", "kontaktperson-eid"),
            ("KP_PUBLIC_URL", "https://kontaktperson.kommun.se"),
            ("KP_EID_OIDC_NAME", "BankID eller Freja"),
        ];
        let config = Config::from_env_and_args(env_of(&eid), &[]).unwrap();
        let (broker, claim) = config.eid.unwrap();
        assert_eq!(broker.client_id, "kontaktperson-eid");
        assert_eq!(broker.name, "BankID eller Freja");
        assert_eq!(claim, "https://id.oidc.se/claim/personalIdentityNumber");
        assert!(
            config.oidc.is_none(),
            "the caseworkers' provider is another"
        );
        let own_claim = [eid.as_slice(), &[("KP_EID_PERSONNUMMER_CLAIM", "pnr")]].concat();
        let config = Config::from_env_and_args(env_of(&own_claim), &[]).unwrap();
        assert_eq!(config.eid.unwrap().1, "pnr");
        let no_address = Config::from_env_and_args(env_of(&eid[..2]), &[]);
        assert!(no_address
            .unwrap_err()
            .contains("KP_EID_OIDC_ISSUER needs KP_PUBLIC_URL"));
        let no_client = Config::from_env_and_args(env_of(&eid[..1]), &[]);
        assert!(no_client.unwrap_err().contains("KP_EID_OIDC_CLIENT_ID"));
    }

    #[test]
    fn flags_override_the_environment() {
        let args: Vec<String> = ["--port", "9000", "--host", "0.0.0.0"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let config = Config::from_env_and_args(env_of(&[("PORT", "1234")]), &args).unwrap();
        assert_eq!(config.port, 9000);
        assert_eq!(config.host.to_string(), "0.0.0.0");
    }

    #[test]
    fn a_demo_account_needs_both_user_and_password() {
        let only_user = Config::from_env_and_args(env_of(&[("DEMO_USER", "a@b.se")]), &[]).unwrap();
        assert!(only_user.demo_user.is_none());
        let both = Config::from_env_and_args(
            env_of(&[("DEMO_USER", "a@b.se"), ("DEMO_PASSWORD", "pw")]),
            &[],
        )
        .unwrap();
        assert_eq!(both.demo_user, Some(("a@b.se".into(), "pw".into())));
    }

    #[test]
    fn proxies_timeouts_and_limits_are_read_and_checked() {
        let config = Config::from_env_and_args(
            env_of(&[
                ("KP_TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
                ("KP_SESSION_IDLE_SECONDS", "90"),
                ("KP_HEADER_TIMEOUT_SECONDS", "3"),
                ("KP_MAX_CONNECTIONS", "16"),
            ]),
            &[],
        )
        .unwrap();
        assert!(config.trusted_proxies.contains("10.1.2.3".parse().unwrap()));
        assert_eq!(config.idle_timeout, chrono::Duration::seconds(90));
        assert_eq!(config.limits.header_timeout, Duration::from_secs(3));
        assert_eq!(config.limits.request_timeout, Duration::from_secs(30));
        assert_eq!(config.limits.max_connections, 16);
        let defaults = Config::from_env_and_args(env_of(&[]), &[]).unwrap();
        assert!(defaults.trusted_proxies.is_empty());
        assert_eq!(defaults.idle_timeout, chrono::Duration::minutes(30));
        for (key, value) in [
            ("KP_TRUSTED_PROXIES", "proxy.local"),
            ("KP_SESSION_IDLE_SECONDS", "0"),
            ("KP_MAX_CONNECTIONS", "many"),
        ] {
            let err = Config::from_env_and_args(env_of(&[(key, value)]), &[]).unwrap_err();
            assert!(err.contains(key), "{err}");
        }
    }

    #[test]
    fn bad_values_are_refused_with_a_clear_message() {
        let err = Config::from_env_and_args(env_of(&[("PORT", "eighty")]), &[]).unwrap_err();
        assert!(err.contains("PORT"), "{err}");
        let err = Config::from_env_and_args(env_of(&[]), &["--bogus".into()]).unwrap_err();
        assert!(err.contains("unknown argument --bogus"), "{err}");
    }
}
