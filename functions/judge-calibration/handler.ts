/**
 * Judge calibration Lambda: run monthly by EventBridge Scheduler (`{"task":"calibrate"}`), daily
 * for shadow agreement when a candidate is configured (`{"task":"shadow-agreement"}`), and on demand.
 * A failed calibration is not an error of the function: it is a record with `passed: false`, a
 * metric and an alarm. Invalid input and AWS failures throw (the async invocation's destination keeps them).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { loadConfig } from "./config";
import { createPorts } from "./dependencies";
import { runTask, type CalibrationEvent, type TaskResult } from "./tasks";

const logger = new Logger({ serviceName: "llm-judge-calibration" });
const config = loadConfig();
const ports = createPorts(config);

export async function handler(event: CalibrationEvent): Promise<TaskResult> {
  const result = await runTask(event ?? {}, config, ports);
  if (result.task === "calibrate") {
    const log = result.passed ? logger.info.bind(logger) : logger.warn.bind(logger);
    log(result.passed ? "judge calibration passed" : "judge calibration failed", { ...result });
  } else {
    logger.info("shadow agreement published", {
      metrics: result.metrics,
      agreements: result.agreements.map((a) => ({ current: a.currentJudgePair, candidate: a.candidateJudgePair, comparisons: a.comparisons })),
    });
  }
  return result;
}
