//! The runtime client against raw HTTP servers on 127.0.0.1 that misbehave
//! the ways real networks do: bodies over the limit, bodies that are cut off
//! or reset midway, pages of the wrong media type, gzip, and an unreachable
//! first endpoint of a region.

use std::time::Duration;

use flowscribe_runtime::{
    Client, Config, Error, OperationCall, Region, RetryPolicy, ServiceInfo, TransportErrorKind,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does after reading a request.
#[derive(Clone)]
enum Answer {
    /// Writes these bytes and closes the connection.
    Bytes(Vec<u8>),
    /// Writes these bytes, then resets the connection (RST).
    BytesThenReset(Vec<u8>),
}

/// A server that answers every connection with `answer`, and the request
/// heads it received.
async fn server(answer: Answer) -> (String, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (heads, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let head = read_head(&mut stream).await;
            let _ = heads.send(head);
            match &answer {
                Answer::Bytes(bytes) => {
                    let _ = stream.write_all(bytes).await;
                    let _ = stream.shutdown().await;
                }
                Answer::BytesThenReset(bytes) => {
                    let _ = stream.write_all(bytes).await;
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let _ = stream.set_zero_linger();
                    drop(stream);
                }
            }
        }
    });
    (url, received)
}

async fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

fn response(headers: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut out = b"HTTP/1.1 200 OK\r\n".to_vec();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn service(regions: &'static [Region]) -> &'static ServiceInfo {
    Box::leak(Box::new(ServiceInfo {
        name: "robustness",
        url_template: "http://127.0.0.1:9",
        variables: &[("region", "r-1")],
        regions,
        other_regions_use_template: false,
        credentials_env: None,
        errors: flowscribe_runtime::ErrorFields::GENERIC,
    }))
}

fn call() -> OperationCall {
    OperationCall {
        operation: "Probe",
        method: "GET",
        path: "/probe".to_owned(),
        query: vec![("q".to_owned(), "1".to_owned())],
        headers: Vec::new(),
        auth: &[],
        body: None,
    }
}

async fn get(url: &str, config: flowscribe_runtime::ConfigBuilder) -> Result<Value, Error> {
    let config = config.endpoint(url).retry(RetryPolicy::disabled()).build();
    let client = Client::new(service(&[]), config).expect("client");
    client.execute::<Value>(call()).await.map(|r| r.data)
}

fn transport_kind(error: &Error) -> TransportErrorKind {
    match error {
        Error::Transport { source, .. } => source.kind,
        other => panic!("not a transport error: {other:?}"),
    }
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_by_its_length_or_as_it_streams() {
    let body = vec![b'x'; 4096];
    let announced = response(&[("content-length", body.len().to_string())], &body);
    let (url, _) = server(Answer::Bytes(announced)).await;
    let error = get(&url, Config::builder().max_response_body(1000))
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1000, .. }),
        "{error:?}"
    );

    // No length announced: the body is read until it passes the limit.
    let streamed = response(&[("connection", "close".to_owned())], &body);
    let (url, _) = server(Answer::Bytes(streamed)).await;
    let error = get(&url, Config::builder().max_response_body(1000))
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1000, .. }),
        "{error:?}"
    );

    // Under the limit, the same body is read.
    let small = response(&[("content-length", "2".to_owned())], b"{}");
    let (url, _) = server(Answer::Bytes(small)).await;
    let value = get(&url, Config::builder().max_response_body(1000))
        .await
        .expect("fits");
    assert_eq!(value, serde_json::json!({}));
}

#[tokio::test]
async fn a_body_cut_short_is_an_incomplete_body() {
    let cut = response(&[("content-length", "100".to_owned())], br#"{"data": ["#);
    let (url, _) = server(Answer::Bytes(cut)).await;
    let error = get(&url, Config::builder()).await.expect_err("cut short");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::IncompleteBody,
        "{error}"
    );
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_named_as_such() {
    let partial = response(&[("content-length", "100".to_owned())], br#"{"data": ["#);
    let (url, _) = server(Answer::BytesThenReset(partial)).await;
    let error = get(&url, Config::builder()).await.expect_err("reset");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::ConnectionReset,
        "{error}"
    );
}

#[tokio::test]
async fn a_page_of_another_media_type_is_an_unexpected_content_type() {
    let html = b"<html><body>Sign in to the Wi-Fi</body></html>";
    let page = response(
        &[
            ("content-type", "text/html".to_owned()),
            ("content-length", html.len().to_string()),
        ],
        html,
    );
    let (url, _) = server(Answer::Bytes(page)).await;
    let error = get(&url, Config::builder()).await.expect_err("HTML");
    let Error::UnexpectedContentType {
        content_type,
        body_start,
        status,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!((content_type.as_str(), *status), ("text/html", 200));
    assert!(body_start.starts_with("<html>"), "{body_start}");
}

#[tokio::test]
async fn gzip_bodies_are_asked_for_and_decoded() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(br#"{"data": {"total": 3}}"#)
        .expect("compress");
    let gzipped = encoder.finish().expect("compress");
    let answer = response(
        &[
            ("content-type", "application/json".to_owned()),
            ("content-encoding", "gzip".to_owned()),
            ("content-length", gzipped.len().to_string()),
        ],
        &gzipped,
    );
    let (url, mut heads) = server(Answer::Bytes(answer)).await;
    let value = get(&url, Config::builder()).await.expect("decodes");
    assert_eq!(value["data"]["total"], 3);
    let head = heads.recv().await.expect("a request").to_ascii_lowercase();
    assert!(head.contains("accept-encoding: gzip"), "{head}");
}

#[tokio::test]
async fn an_unreachable_endpoint_fails_over_to_the_next_of_the_region() {
    // A port that was free a moment ago refuses connections.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let dead = format!("http://{}", closed.local_addr().expect("address"));
    drop(closed);
    let ok = response(&[("content-length", "11".to_owned())], br#"{"ok":true}"#);
    let (live, mut heads) = server(Answer::Bytes(ok)).await;
    let endpoints: &'static [&'static str] =
        Box::leak(vec![&*dead.leak(), &*live.clone().leak()].into_boxed_slice());
    let regions: &'static [Region] = Box::leak(Box::new([Region {
        name: "r-1",
        endpoints,
    }]));
    let retry = RetryPolicy {
        max_attempts: 2,
        ..RetryPolicy::default()
    };
    let client =
        Client::new(service(regions), Config::builder().retry(retry).build()).expect("client");
    let value = client
        .execute::<Value>(call())
        .await
        .expect("the second endpoint answers");
    assert_eq!(value.data["ok"], true);
    assert_eq!(
        client.endpoint(),
        live,
        "later calls stay on the endpoint that answered"
    );
    let head = heads.recv().await.expect("a request");
    assert!(head.starts_with("GET /probe?q=1 "), "{head}");

    // With one attempt only, the failure is final and names the connection.
    let client = Client::new(
        service(regions),
        Config::builder().retry(RetryPolicy::disabled()).build(),
    )
    .expect("client");
    let error = client
        .execute::<Value>(call())
        .await
        .expect_err("one attempt");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::Connect,
        "{error}"
    );
}
