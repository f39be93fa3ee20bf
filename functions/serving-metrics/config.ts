/** The bridge's configuration, read from environment variables in one place. */
import { type EnvironmentVariables as Env, requiredVariable } from "../../contracts/environment-variable";
import { promqlEndpointUrl, SERVING_BRIDGE_ENV } from "../../contracts/serving-metrics";
import { ConfigError } from "./errors";

export interface BridgeConfig {
  /** Endpoints whose serving metrics to republish. Env `SERVING_ENDPOINT_NAMES` (comma-separated). */
  readonly endpointNames: readonly string[];
  /** Region of the endpoints and of the PromQL endpoint. Env `AWS_REGION` (Lambda sets it). */
  readonly region: string;
  /**
   * Base URL of the PromQL API. Env `AWS_ENDPOINT_URL_CLOUDWATCH`, the SDK's standard override for
   * CloudWatch (tests point it at a local server).
   * @default https://monitoring.<region>.amazonaws.com
   */
  readonly promqlUrl: string;
}

/** SageMaker endpoint names: letters, digits and hyphens, at most 63 characters. */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function loadConfig(env: Env = process.env): BridgeConfig {
  const rawNames = requiredVariable(env, SERVING_BRIDGE_ENV.endpointNames, ConfigError);
  const endpointNames = rawNames.split(",").map((name) => name.trim());
  for (const name of endpointNames) {
    if (!ENDPOINT_NAME.test(name)) {
      throw new ConfigError(
        `environment variable ${SERVING_BRIDGE_ENV.endpointNames}: "${name}" is not a SageMaker endpoint name (letters, digits, hyphens, 1-63)`,
      );
    }
  }
  const region = env.AWS_REGION?.trim() ?? "";
  if (!REGION.test(region)) throw new ConfigError(`environment variable AWS_REGION must be a Region such as sa-east-1, got "${region}"`);
  const override = env.AWS_ENDPOINT_URL_CLOUDWATCH?.trim();
  if (override && !/^https?:\/\/\S+$/.test(override)) {
    throw new ConfigError(`environment variable AWS_ENDPOINT_URL_CLOUDWATCH must be an http(s) URL, got "${override}"`);
  }
  return { endpointNames: [...new Set(endpointNames)], region, promqlUrl: (override || promqlEndpointUrl(region)).replace(/\/+$/, "") };
}
