//! What the command-line tests share: the real binary as a process, folders of files to
//! run it in, the example documents, and a real `prfaq serve` to talk to.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs prfaq in `dir` without colour and waits for it.
pub fn prfaq(dir: &Path, args: &[&str]) -> Output {
    command(dir, args).output().expect("prfaq runs")
}

/// prfaq in `dir` without colour, ready to be given pipes and spawned.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_prfaq"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    command
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fails with both streams unless the run ended with `code`.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// A temporary folder holding `files` (path relative to the folder, text).
pub fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        write(dir.path(), name, text);
    }
    dir
}

/// Writes `text` to `name` under `dir`, making the folders on the way.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("the folders on the way");
    }
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A document of the `examples` folder.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// Waits for `child`, killing it and failing the test if it is still running after a
/// minute (a run that hangs on a named pipe or walks a link loop forever).
pub fn wait_or_kill(child: &mut Child, args: &[&str]) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            return status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("prfaq {args:?} never ended");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Fails, showing `text` whole, unless it contains every one of `parts`.
#[track_caller]
pub fn assert_contains(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "`{part}` missing from:\n{text}");
    }
}

/// A running `prfaq serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `prfaq serve` in `dir` on its own SQLite file, `workspace.db` there.
pub fn serve(dir: &Path) -> Server {
    serve_in(dir, Some(&dir.join("workspace.db")))
}

/// Starts `prfaq serve` in the folder `cwd` on a free port, on `database` or the default
/// one, and waits until it answers.
pub fn serve_in(cwd: &Path, database: Option<&Path>) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let mut command = Command::new(env!("CARGO_BIN_EXE_prfaq"));
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(cwd)
        .env_remove("PRFAQ_DATABASE_URL");
    if let Some(database) = database {
        command.arg("--database").arg(database);
    }
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("prfaq serve starts");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Ok(response) = ureq::get(format!("{}/healthz", server.base)).call()
            && response.status() == 200
        {
            return server;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("prfaq serve did not answer within 20 s");
}
