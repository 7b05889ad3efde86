//! Malware scanning with ClamAV: the upload is streamed to `clamd` (INSTREAM) while it arrives,
//! and accepted only when clamd answers OK.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("the malware scanner is unavailable: {0}")]
    Unavailable(String),
}

/// What clamd said about a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    Clean,
    Infected(String),
}

trait Stream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Stream for T {}

/// An INSTREAM scan in progress.
pub(super) struct Scan {
    stream: Box<dyn Stream>,
}

fn unavailable(error: impl std::fmt::Display) -> ScanError {
    ScanError::Unavailable(error.to_string())
}

impl Scan {
    /// Connects to clamd (`host:port` or `unix:/path`) and starts a scan.
    pub(super) async fn start(address: &str) -> Result<Self, ScanError> {
        let mut stream: Box<dyn Stream> = match address.strip_prefix("unix:") {
            Some(path) => Box::new(
                tokio::net::UnixStream::connect(path)
                    .await
                    .map_err(unavailable)?,
            ),
            None => Box::new(
                tokio::net::TcpStream::connect(address.trim_start_matches("tcp:"))
                    .await
                    .map_err(unavailable)?,
            ),
        };
        stream
            .write_all(b"zINSTREAM\0")
            .await
            .map_err(unavailable)?;
        Ok(Self { stream })
    }

    /// Sends the next piece of the file.
    pub(super) async fn send(&mut self, chunk: &[u8]) -> Result<(), ScanError> {
        for piece in chunk.chunks(64 * 1024) {
            let length = u32::try_from(piece.len()).map_err(unavailable)?;
            self.stream
                .write_all(&length.to_be_bytes())
                .await
                .map_err(unavailable)?;
            self.stream.write_all(piece).await.map_err(unavailable)?;
        }
        Ok(())
    }

    /// Ends the stream and reads the verdict.
    pub(super) async fn finish(mut self) -> Result<Verdict, ScanError> {
        self.stream
            .write_all(&0u32.to_be_bytes())
            .await
            .map_err(unavailable)?;
        let mut reply = Vec::new();
        let mut buffer = [0u8; 512];
        loop {
            let read = self.stream.read(&mut buffer).await.map_err(unavailable)?;
            if read == 0 {
                break;
            }
            reply.extend_from_slice(&buffer[..read]);
            if reply.contains(&0) {
                break;
            }
        }
        let text = String::from_utf8_lossy(&reply);
        parse_reply(text.trim_end_matches(['\0', '\n']))
    }
}

/// `stream: OK`, `stream: <signature> FOUND`, or an error such as a size limit.
fn parse_reply(reply: &str) -> Result<Verdict, ScanError> {
    let body = reply.strip_prefix("stream: ").unwrap_or(reply);
    if body == "OK" {
        Ok(Verdict::Clean)
    } else if let Some(signature) = body.strip_suffix(" FOUND") {
        Ok(Verdict::Infected(signature.to_owned()))
    } else {
        Err(ScanError::Unavailable(format!(
            "unexpected clamd reply: {reply}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_are_understood() {
        assert_eq!(parse_reply("stream: OK").unwrap(), Verdict::Clean);
        assert_eq!(
            parse_reply("stream: Vigil.Test.EICAR.UNOFFICIAL FOUND").unwrap(),
            Verdict::Infected("Vigil.Test.EICAR.UNOFFICIAL".into())
        );
        assert!(parse_reply("INSTREAM size limit exceeded. ERROR").is_err());
    }
}
