//! Mail: with SMTP configured, the receipt and the notice are really sent (to a minimal SMTP
//! server in the test); when the server is unreachable, the submission still succeeds and the
//! failure is recorded for a retry.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::spawn_app_with;

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
