/**
 * Terraform reads every string of its configuration, the JSON syntax included, as a template:
 * `${…}` is an interpolation and `%{…}` a directive. Text that must reach the provider as written
 * (a Grafana dashboard's `${environment}` variables, CloudWatch's `${PROP('Dim.x')}` labels, a
 * Logs Insights `${use_case:regex}`) has them escaped as `$${` and `%%{`; unescaped, Terraform
 * refuses the configuration. cdktf's own tokens (`${TfToken[…]}`) are left for cdktf to resolve.
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{(?!TfToken\[)/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform makes of a string without interpolations: the inverse of `escapeTerraformTemplate`. */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}
