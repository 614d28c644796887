//! Running one block: a fresh temporary directory with the page's files, the
//! block written as a script, its interpreter with a time limit, and the
//! verdict against what the page promises.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::blocks::Runnable;

/// Text replaced in every block and declared file before it runs (`FROM=TO`
/// on the command line): points a snippet's API host at a mock server, or
/// a placeholder key at a test key, without changing what the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// The text as the page writes it.
    pub from: String,
    /// What it becomes for the run.
    pub to: String,
}

impl std::str::FromStr for Substitution {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text.split_once('=') {
            Some((from, to)) if !from.is_empty() => Ok(Self {
                from: from.to_owned(),
                to: to.to_owned(),
            }),
            _ => Err(format!("{text:?} is not FROM=TO")),
        }
    }
}

/// How a block's run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It did what the page promises.
    Passed,
    /// It ended, but not as promised.
    Failed {
        /// What differed: the exit status, or the first expected line
        /// missing from the output.
        reason: String,
        /// What it printed (stdout then stderr), for the report.
        output: String,
    },
    /// It was stopped at its time limit.
    TimedOut {
        /// The limit.
        after: Duration,
        /// What it printed before.
        output: String,
    },
    /// It could not be started (no interpreter for its language, or the
    /// interpreter is missing).
    NotRun(String),
}

/// The interpreter for `lang`, and the script's file name.
fn interpreter(lang: &str) -> Option<(&'static str, &'static str)> {
    match lang {
        "bash" | "sh" | "shell" => Some(("bash", "snippet.sh")),
        "python" | "py" | "python3" => Some(("python3", "snippet.py")),
        _ => None,
    }
}

fn substituted(text: &str, substitutions: &[Substitution]) -> String {
    substitutions
        .iter()
        .fold(text.to_owned(), |text, s| text.replace(&s.from, &s.to))
}

/// Runs `block` in a fresh temporary directory.
pub fn run_block(block: &Runnable, substitutions: &[Substitution]) -> Outcome {
    let Some((program, script)) = interpreter(&block.lang) else {
        return Outcome::NotRun(format!(
            "no interpreter for '{}' (test blocks may be bash, sh or python)",
            block.lang
        ));
    };
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => return Outcome::NotRun(format!("cannot make a temporary directory: {e}")),
    };
    let mut files = block.files.clone();
    files.push((script.into(), block.code.clone()));
    for (name, text) in &files {
        let path = dir.path().join(name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, substituted(text, substitutions)));
        if let Err(e) = written {
            return Outcome::NotRun(format!("cannot write {}: {e}", name.display()));
        }
    }
    let mut command = Command::new(program);
    command
        .arg(script)
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in &block.env {
        command.env(name, substituted(value, substitutions));
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group, so a timeout stops what it started too.
        command.process_group(0);
    }
    let outcome = run(command, block, substitutions);
    drop(dir);
    outcome
}

fn run(mut command: Command, block: &Runnable, substitutions: &[Substitution]) -> Outcome {
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            let program = command.get_program().to_string_lossy().into_owned();
            return Outcome::NotRun(format!("cannot start {program}: {e}"));
        }
    };
    // Its input, written on a thread and then closed: a snippet that asks
    // reads the page's declared input, then end of input, never a hang.
    let input = substituted(&block.stdin, substitutions);
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(input.as_bytes());
        });
    }
    // Read both pipes on threads, so a chatty block cannot fill one and
    // stall.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= block.expect.timeout => {
                kill_group(&mut child);
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(_) => break None,
        }
    };
    let mut output = String::from_utf8_lossy(&stdout.join().unwrap_or_default()).into_owned();
    output.push_str(&String::from_utf8_lossy(&stderr.join().unwrap_or_default()));
    let Some(status) = status else {
        return Outcome::TimedOut {
            after: block.expect.timeout,
            output,
        };
    };
    let code = status.code().unwrap_or(-1);
    if code != block.expect.exit {
        return Outcome::Failed {
            reason: format!("exit status {code}, expected {}", block.expect.exit),
            output,
        };
    }
    match missing_line(&block.expect.output, &output) {
        Some(line) => Outcome::Failed {
            reason: format!("expected output line not printed: {line}"),
            output,
        },
        None => Outcome::Passed,
    }
}

/// The first of `expected` that does not appear, in order, in `output`.
fn missing_line<'e>(expected: &'e [String], output: &str) -> Option<&'e str> {
    let mut rest = output;
    for line in expected {
        match rest.find(line.as_str()) {
            Some(at) => rest = &rest[at + line.len()..],
            None => return Some(line),
        }
    }
    None
}

fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // The group id is the child's pid (process_group(0)).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .status();
    }
    let _ = child.kill();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_lines_must_appear_in_order() {
        let expected = vec!["HTTP 200".to_owned(), "done".to_owned()];
        assert_eq!(missing_line(&expected, "x\nHTTP 200\nthen done\n"), None);
        assert_eq!(missing_line(&expected, "done\nHTTP 200\n"), Some("done"));
        assert_eq!(missing_line(&expected, ""), Some("HTTP 200"));
    }

    #[test]
    fn substitutions_parse_and_apply() {
        let s: Substitution = "https://api.example=http://127.0.0.1:9".parse().unwrap();
        assert_eq!(
            substituted("curl https://api.example/v1", &[s]),
            "curl http://127.0.0.1:9/v1"
        );
        assert!("=x".parse::<Substitution>().is_err());
        assert!("nothing".parse::<Substitution>().is_err());
    }
}
