/**
 * Settings shared by every environment of this deployment of the platform. Edit them once for
 * your organisation.
 */

/**
 * Where your copy of this repository's `runbooks/` folder is served over https. Every alarm's
 * description, and so every PagerDuty incident, links `<this>/<family>.md`.
 */
export const RUNBOOK_BASE_URL = "https://git.example-bank.com/platform/llm-observability/blob/main/runbooks";
