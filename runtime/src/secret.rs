//! Secrets and credentials, which never show in `Debug` or `Display`.

use std::fmt;

use crate::error::Error;
use crate::request::EnvNames;

/// A secret value. `Debug` prints `Secret(***)`; the value is reachable only
/// through [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// An access key pair, with an optional security token (temporary
/// credentials) and project id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (not secret: it is sent with every request).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: Secret,
    /// The security token of temporary credentials.
    pub security_token: Option<Secret>,
    /// The project id, sent by signers that carry one.
    pub project_id: Option<String>,
}

impl Credentials {
    /// Credentials from an access key pair.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<Secret>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            security_token: None,
            project_id: None,
        }
    }

    /// Adds the security token of temporary credentials.
    pub fn with_security_token(mut self, token: impl Into<Secret>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// Adds a project id.
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Reads credentials from the environment variables `names` lists. An
    /// unset or empty access key or secret is a credentials error naming the
    /// variable (never its value).
    pub fn from_env(names: &EnvNames) -> Result<Self, Error> {
        Self::from_lookup(names, |name| std::env::var(name).ok())
    }

    /// Like [`Credentials::from_env`], reading variables through `lookup`.
    pub fn from_lookup(
        names: &EnvNames,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let required = |name: &str| {
            get(name).ok_or_else(|| {
                Error::Credentials(format!("environment variable {name} is not set"))
            })
        };
        let mut credentials = Credentials::new(
            required(names.access_key_id)?,
            required(names.secret_access_key)?,
        );
        credentials.security_token = names.security_token.and_then(get).map(Secret::new);
        credentials.project_id = names.project_id.and_then(get);
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: EnvNames = EnvNames {
        access_key_id: "T_AK",
        secret_access_key: "T_SK",
        security_token: Some("T_TOKEN"),
        project_id: None,
    };

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = Credentials::new("AKID", "very-secret").with_security_token("tok-secret");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("AKID"));
        assert!(
            !shown.contains("very-secret") && !shown.contains("tok-secret"),
            "{shown}"
        );
    }

    #[test]
    fn missing_variables_are_named() {
        let error =
            Credentials::from_lookup(&NAMES, |name| (name == "T_AK").then(|| "ak".to_owned()))
                .expect_err("the secret is missing");
        assert_eq!(
            error.to_string(),
            "credentials: environment variable T_SK is not set"
        );
        let credentials = Credentials::from_lookup(&NAMES, |name| Some(format!("{name}-value")))
            .expect("all set");
        assert_eq!(
            credentials.security_token,
            Some(Secret::new("T_TOKEN-value"))
        );
    }
}
