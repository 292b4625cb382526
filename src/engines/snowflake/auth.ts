import type { ConnectionOptions } from "snowflake-sdk";
import type { SnowflakeSettings } from "./settings.js";

/**
 * snowflake-sdk connection options for the configured authentication. Key pair: the SDK signs
 * a short-lived JWT with the private key (iss = ACCOUNT.USER.SHA256:<public key fingerprint>);
 * the key and its passphrase never leave the process. OAuth: the token is sent as is.
 * Password: only for development accounts; production service users use a key pair.
 *
 * No connection-level queryTag: it would override the per-action tag the adapter sets.
 */
export function connectionOptions(settings: SnowflakeSettings): ConnectionOptions {
  const base: ConnectionOptions = {
    account: settings.account,
    username: settings.username,
    database: settings.database,
    schema: settings.schema,
    warehouse: settings.warehouse,
    role: settings.role,
    application: "Sluice",
    ...(settings.accessUrl ? { accessUrl: settings.accessUrl } : {}),
  };
  switch (settings.authenticator) {
    case "SNOWFLAKE_JWT":
      return {
        ...base,
        authenticator: "SNOWFLAKE_JWT",
        privateKeyPath: settings.privateKeyPath,
        ...(settings.privateKeyPassphrase ? { privateKeyPass: settings.privateKeyPassphrase } : {}),
      };
    case "OAUTH":
      return { ...base, authenticator: "OAUTH", token: settings.token };
    case "SNOWFLAKE":
      return { ...base, authenticator: "SNOWFLAKE", password: settings.password };
  }
}
