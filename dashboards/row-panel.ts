/** A dashboard row as a list of named panel functions, each given the input and the query dimensions. */
import { type DashboardDimensions, dashboardDimensions } from "./dimensions";
import type { AnyPanel } from "./panels";
import type { UnifiedDashboardInput } from "./types";

/** One panel of a row (or a panel per request type, or none when the input has nothing for it). */
export type RowPanel = (input: UnifiedDashboardInput, d: DashboardDimensions) => AnyPanel | readonly AnyPanel[];

/** The row's panels, in the order listed. */
export function rowPanels(input: UnifiedDashboardInput, panels: readonly RowPanel[]): AnyPanel[] {
  const d = dashboardDimensions(input);
  return panels.flatMap((panel) => panel(input, d));
}
