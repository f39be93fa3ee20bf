import { defineBusinessLine } from "../../config/define";

export default defineBusinessLine({
  name: "wealth-management",
  // Wealth clients are served from Brazil; the US region is allowed for the offshore desk only.
  allowedRegions: ["sa-east-1", "us-east-1"],
  costCentre: "CC-5200-WEALTH",
  owner: "wealth-ai@example.com",
});
