import type { Datum } from "../../contracts/metric-datum";
import type { QualityThresholds } from "../../contracts/quality-publisher-environment";
import type { ScoreImage } from "../../contracts/score-item";

export type { Datum, QualityThresholds, ScoreImage };
