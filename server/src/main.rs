//! `kp-server`: reads configuration from the environment and flags, then serves; or, as
//! `kp-server backup FILE` and `kp-server restore FILE`, copies the database or puts a copy back.

use kp_server::{run, shutdown_signal, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    // Everything after the program name.
    let all: Vec<String> = std::env::args().collect();
    let args = all.get(1..).unwrap_or_default().to_vec();
    if let Some(code) = kp_server::retention_cli::main_if_asked(&args).await {
        return code;
    }
    match kp_server::backup::Command::parse(|k| std::env::var(k).ok(), &args) {
        Ok(None) => {}
        Ok(Some(command)) => {
            return match command.run().await {
                Ok(done) => {
                    println!("{done}");
                    std::process::ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("kp-server: {error:#}");
                    std::process::ExitCode::FAILURE
                }
            };
        }
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    }
    let config = match Config::from_env_and_args(|k| std::env::var(k).ok(), &args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::from(2);
        }
    };
    match run(config, shutdown_signal()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kp-server: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
