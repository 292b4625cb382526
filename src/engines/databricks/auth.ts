import { request } from "node:https";
import { rootCertificates } from "node:tls";
import type { ITokenProvider } from "@databricks/sql";
import type { DatabricksSettings } from "./settings.js";

export type DatabricksSdk = typeof import("@databricks/sql");
export type ConnectionOptions = Parameters<InstanceType<DatabricksSdk["DBSQLClient"]>["connect"]>[0];
type AuthOptions =
  | { authType: "access-token"; token: string }
  | { authType: "token-provider"; tokenProvider: ITokenProvider };

/**
 * Authentication for @databricks/sql. A token goes out as a bearer token. OAuth M2M uses a
 * small token provider of our own instead of the SDK's 'databricks-oauth' flow: the SDK's flow
 * accepts only *.cloud.databricks.com / Azure / GCP host names (so it can be exercised by no
 * local test) and discovers endpoints through openid-client; ours posts client_credentials to
 * the workspace's documented endpoint (https://<host>/oidc/v1/token) and trusts the same CA
 * list as the SQL connection. The SDK caches the token and asks again shortly before expiry.
 */
export function authOptions(settings: DatabricksSettings, sdk: DatabricksSdk, ca: string | undefined): AuthOptions {
  if (settings.clientId && settings.clientSecret) {
    return { authType: "token-provider", tokenProvider: new M2MTokenProvider(settings, sdk, ca) };
  }
  return { authType: "access-token", token: settings.token ?? "" };
}

class M2MTokenProvider implements ITokenProvider {
  constructor(
    private readonly settings: DatabricksSettings,
    private readonly sdk: DatabricksSdk,
    private readonly ca: string | undefined,
  ) {}

  getName(): string {
    return "SluiceOAuthM2M";
  }

  async getToken() {
    const { clientId, clientSecret, host, port } = this.settings;
    const body = new URLSearchParams({ grant_type: "client_credentials", scope: "all-apis" }).toString();
    const basic = Buffer.from(`${encodeURIComponent(clientId!)}:${encodeURIComponent(clientSecret!)}`).toString("base64");
    const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          host,
          port,
          path: "/oidc/v1/token",
          method: "POST",
          headers: {
            Authorization: `Basic ${basic}`,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
          ...(this.ca ? { ca: [...rootCertificates, this.ca] } : {}),
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (part: Buffer) => parts.push(part));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    // The reply body is never quoted into the error: it could echo credentials.
    if (reply.status !== 200) throw new Error(`OAuth token request to ${host} failed with HTTP ${reply.status}`);
    const parsed = JSON.parse(reply.text) as { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    if (typeof parsed.access_token !== "string") throw new Error(`OAuth token reply from ${host} has no access_token`);
    const expiresIn = typeof parsed.expires_in === "number" ? parsed.expires_in : 3600;
    return new this.sdk.auth.Token(parsed.access_token, {
      tokenType: "Bearer",
      expiresAt: new Date(Date.now() + expiresIn * 1000),
    });
  }
}
