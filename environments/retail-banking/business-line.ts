import { defineBusinessLine } from "../../config/define";

export default defineBusinessLine({
  name: "retail-banking",
  // Client data of Brazilian retail clients stays in Brazil (LGPD, BACEN).
  allowedRegions: ["sa-east-1"],
  costCentre: "CC-4100-RETAIL",
  owner: "retail-ai-platform@example.com",
});
