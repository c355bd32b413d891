//! Sends the outbox's mails through SMTP (lettre) when `SMTP_URL` is configured. Sending never
//! blocks or fails a submission: the mail is committed to the outbox with the application, and
//! this worker sends it later, retrying with exponential back-off (30 s, 1 min, 2 min, … up to
//! 6 h) and recording every failure; after 10 attempts it is marked `failed` for a caseworker to
//! see. Without `SMTP_URL` nothing is sent and the mails stay in the outbox, visible.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::Notify;

use crate::store::Store;

/// Attempts before a mail is marked failed.
pub const MAX_ATTEMPTS: i64 = 10;

/// When to try again after `attempts` failed attempts (`None`: give up).
pub fn retry_delay(attempts: i64) -> Option<chrono::Duration> {
    (attempts < MAX_ATTEMPTS).then(|| {
        let seconds = 30i64.saturating_mul(1 << attempts.clamp(0, 20));
        chrono::Duration::seconds(seconds.min(6 * 3600))
    })
}

/// The running sender: wake it after queueing mail so it does not wait for its next round.
#[derive(Clone, Default)]
pub struct Mailer {
    wake: Arc<Notify>,
    sends: bool,
    /// The SMTP connection and sender, for mail that must never rest in the database.
    direct: Option<Arc<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("sends", &self.sends)
            .finish()
    }
}

impl Mailer {
    /// Asks the worker to look at the outbox now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Whether a mail server is configured, so queued mail is really sent. Without one the mails
    /// wait in the outbox: the applicant is not told a confirmation was e-mailed, and the outbox
    /// screen says why nothing goes.
    pub fn sends(&self) -> bool {
        self.sends
    }

    /// Sends one mail now, without the outbox: for a mail that carries a credential (a sign-in
    /// link), which must not rest in the database where a copy or the outbox screen would show
    /// it. A failure is answered, not retried: the person asks again.
    pub async fn send_now(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let Some(direct) = &self.direct else {
            return Err("no SMTP_URL".into());
        };
        let (transport, from) = direct.as_ref();
        let message = Message::builder()
            .from(from.clone())
            .to(to.parse::<Mailbox>().map_err(|e| e.to_string())?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())
            .map_err(|e| e.to_string())?;
        transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Starts the worker if `smtp_url` is set; returns the handle to wake it.
pub fn start(store: Store, smtp_url: Option<String>, from: String) -> anyhow::Result<Mailer> {
    let Some(url) = smtp_url else {
        tracing::info!("no SMTP_URL: mails stay in the outbox table");
        return Ok(Mailer::default());
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
        .map_err(|e| anyhow::anyhow!("SMTP_URL is not usable: {e}"))?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    let from: Mailbox = from
        .parse()
        .map_err(|e| anyhow::anyhow!("MAIL_FROM is not an address: {e}"))?;
    let mailer = Mailer {
        sends: true,
        direct: Some(Arc::new((transport.clone(), from.clone()))),
        ..Mailer::default()
    };
    let wake = mailer.wake.clone();
    tokio::spawn(async move {
        loop {
            // A full batch means more may be waiting: claim again at once rather than leave the
            // rest to the next wake or the timer (wakes that came during the batch coalesce).
            loop {
                match send_due(&store, &transport, &from).await {
                    Ok(claimed) if claimed == MAIL_BATCH as usize => continue,
                    Ok(_) => break,
                    Err(e) => {
                        tracing::warn!(error = %e, "reading the outbox failed");
                        break;
                    }
                }
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(Duration::from_secs(15)) => {}
            }
        }
    });
    Ok(mailer)
}

/// How many mails one claim takes.
const MAIL_BATCH: i64 = 20;

/// Sends one claimed batch; answers how many mails were claimed.
async fn send_due(
    store: &Store,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
) -> Result<usize, sqlx::Error> {
    // A claim outlasts one batch's sends (each bounded by the SMTP timeouts); a worker that dies
    // mid-batch leaves its mails to be claimed again when the lease runs out.
    let lease = chrono::Duration::minutes(10);
    let claimed = store.claim_due_mails(Utc::now(), lease, MAIL_BATCH).await?;
    let count = claimed.len();
    for due in claimed {
        let crate::store::DueMail {
            id,
            to_address: to,
            subject,
            body,
            attempts,
        } = due;
        let message = to
            .parse::<Mailbox>()
            .map_err(|e| e.to_string())
            .and_then(|to| {
                Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .map_err(|e| e.to_string())
            });
        let outcome = match message {
            Ok(message) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(format!("not a valid message: {e}")),
        };
        match outcome {
            Ok(()) => store.mail_sent(id, Utc::now()).await?,
            Err(error) => {
                tracing::warn!(mail = id, %error, "sending a mail failed");
                let retry_at = retry_delay(attempts + 1).map(|d| Utc::now() + d);
                store.mail_attempt_failed(id, &error, retry_at).await?;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_exponentially_up_to_six_hours_then_stop() {
        assert_eq!(retry_delay(0), Some(chrono::Duration::seconds(30)));
        assert_eq!(retry_delay(1), Some(chrono::Duration::seconds(60)));
        assert_eq!(retry_delay(5), Some(chrono::Duration::seconds(960)));
        assert_eq!(
            retry_delay(9),
            Some(chrono::Duration::hours(4) + chrono::Duration::seconds(960))
        );
        assert_eq!(retry_delay(10), None);
    }
}
