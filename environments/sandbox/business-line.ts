import { defineBusinessLine } from "../../config/define";

export default defineBusinessLine({
  name: "sandbox",
  costCentre: "CC-0000-PLATFORM",
  owner: "llm-platform@example.com",
});
