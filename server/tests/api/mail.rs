//! Mail: with SMTP configured, the receipt and the notice are really sent (to a minimal SMTP
//! server in the test) and the applicant's receipt says a confirmation is e-mailed; without it,
//! the receipt says none is and the mails wait in the outbox; when the server is unreachable, the
//! submission still succeeds and the failure is recorded for a retry.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kp_domain::api::ApplicationReceipt;
use kp_domain::form_text::form_text;
use kp_domain::Locale;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{spawn_app, spawn_app_in, spawn_app_with};

/// A just-enough SMTP server: accepts every mail and keeps the DATA it received.
pub async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.ok();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            store.lock().unwrap().push(std::mem::take(body));
                            data = None;
                            write.write_all(b"250 queued\r\n").await.ok();
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") {
                        b"250-test\r\n250 8BITMIME\r\n"
                    } else if upper.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.ok();
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    write.write_all(reply).await.ok();
                }
            });
        }
    });
    (port, received)
}

/// A received mail with its quoted-printable body decoded (soft line breaks joined, `=C3=A4`
/// back to `ä`), so a test can look for a whole sentence.
pub fn decoded(mail: &str) -> String {
    let joined = mail.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (other, _) => {
                out.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub async fn eventually<F, Fut>(mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

#[tokio::test]
async fn with_smtp_configured_the_receipt_and_the_notice_are_sent() {
    let (port, received) = fake_smtp().await;
    let app = spawn_app_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let response = app
        .post_application("mail-test-key-0123456789", &crate::applications::valid())
        .await;
    assert_eq!(response.status(), 201);
    let receipt: serde_json::Value = response.json().await.unwrap();
    let reference = receipt["reference"].as_str().unwrap().to_string();
    let sent = eventually(|| {
        let store = app.store.clone();
        let reference = reference.clone();
        async move {
            let mails = store.mails_for(&reference).await.unwrap();
            mails.iter().all(|m| m.status == "sent")
        }
    })
    .await;
    assert!(sent, "both mails are marked sent");
    let bodies = received.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    assert!(bodies
        .iter()
        .any(|b| b.contains("To: amina@example.se") && b.contains(&reference)));
    assert!(bodies
        .iter()
        .any(|b| b.contains("To: kontaktperson@exempelby.se")));
}

#[tokio::test]
async fn more_mails_waiting_than_one_batch_are_all_sent_without_waiting_for_the_timer() {
    // Fifteen applications' thirty mails wait in the outbox of a server without SMTP.
    let app = spawn_app_with(|c| c.submission_limit = 100).await;
    for i in 0..15 {
        let key = format!("mail-backlog-{i:04}-0123456789");
        assert_eq!(
            app.post_application(&key, &crate::applications::valid())
                .await
                .status(),
            201
        );
    }
    let dir = app.stop().await;
    // Started again with SMTP: the worker claims batches of twenty; the rest must not wait for
    // the next wake or the quarter-minute timer.
    let (port, received) = fake_smtp().await;
    let app = spawn_app_in(dir, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let all_sent = eventually(|| {
        let store = app.store.clone();
        async move {
            let outbox = store.outbox(100).await.unwrap();
            outbox.len() == 30 && outbox.iter().all(|m| m.status == "sent")
        }
    })
    .await;
    assert!(all_sent, "all thirty mails are sent at once");
    assert_eq!(received.lock().unwrap().len(), 30, "each once");
}

#[tokio::test]
async fn an_unreachable_mail_server_never_fails_the_submission_and_the_failure_is_recorded() {
    // A port nobody listens on.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let app = spawn_app_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let response = app
        .post_application("mail-test-key-abcdef0123", &crate::applications::valid())
        .await;
    assert_eq!(
        response.status(),
        201,
        "the applicant gets the reference anyway"
    );
    let receipt: serde_json::Value = response.json().await.unwrap();
    let reference = receipt["reference"].as_str().unwrap().to_string();
    let recorded = eventually(|| {
        let store = app.store.clone();
        let reference = reference.clone();
        async move {
            let mails = store.mails_for(&reference).await.unwrap();
            mails.len() == 2
                && mails
                    .iter()
                    .all(|m| m.status == "outbox" && m.attempts == 1 && m.last_error.is_some())
        }
    })
    .await;
    assert!(
        recorded,
        "{:?}",
        app.store.mails_for(&reference).await.unwrap()
    );
}

#[tokio::test]
async fn with_a_mail_server_the_receipt_says_a_confirmation_is_emailed_and_it_arrives() {
    let (port, received) = fake_smtp().await;
    let app = spawn_app_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let mut form = crate::applications::valid();
    form["locale"] = "en".into();

    let response = app
        .post_application("mail-test-key-receipt-sent", &form)
        .await;

    assert_eq!(response.status(), 201);
    let receipt: ApplicationReceipt = response.json().await.unwrap();
    assert!(
        receipt.confirmation_emailed,
        "a mail server is configured, so the applicant is told a confirmation is e-mailed"
    );
    let t = form_text(Locale::En);
    let arrived = eventually(|| {
        let received = received.clone();
        let reference = receipt.reference.clone();
        async move {
            received
                .lock()
                .unwrap()
                .iter()
                .map(|m| decoded(m))
                .any(|mail| {
                    mail.contains("To: amina@example.se")
                        && mail.contains(&reference)
                        && mail.contains(t.next_text)
                })
        }
    })
    .await;
    let mails: Vec<String> = received
        .lock()
        .unwrap()
        .iter()
        .map(|m| decoded(m))
        .collect();
    assert!(
        arrived,
        "the receipt arrives at the mail server, with what happens next: {mails:#?}"
    );
    assert!(
        mails
            .iter()
            .all(|mail| !mail.contains(t.confirmation_not_emailed)),
        "the mail does not say that no mail is sent: {mails:#?}"
    );
}

#[tokio::test]
async fn without_a_mail_server_the_receipt_says_no_confirmation_is_emailed_and_the_mail_waits() {
    let app = spawn_app().await;
    let form = crate::applications::valid();

    let first = app.post_application("mail-test-key-no-server", &form).await;
    let again = app.post_application("mail-test-key-no-server", &form).await;

    assert_eq!(first.status(), 201);
    assert_eq!(again.status(), 200, "the same submission, answered again");
    let first: ApplicationReceipt = first.json().await.unwrap();
    let again: ApplicationReceipt = again.json().await.unwrap();
    assert!(
        !first.confirmation_emailed,
        "no SMTP_URL: the applicant is not told a confirmation was e-mailed"
    );
    assert_eq!(again, first, "a resend gets the same receipt, flag and all");
    let mails = app.store.mails_for(&first.reference).await.unwrap();
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert!(
        mails
            .iter()
            .all(|m| m.status == "outbox" && m.attempts == 0),
        "the mails wait in the outbox, visible, and nothing tries to send them: {mails:?}"
    );
}
