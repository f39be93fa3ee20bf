/** Converts a DynamoDB stream image (AttributeValue map) to a plain object: the types score items use. */
import type { AttributeValue } from "aws-lambda";
import { InvalidScoreItemError } from "./errors";

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

function value(attribute: AttributeValue): Plain {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.NULL !== undefined) return null;
  if (attribute.M !== undefined) return unmarshallImage(attribute.M);
  if (attribute.L !== undefined) return attribute.L.map(value);
  if (attribute.SS !== undefined) return attribute.SS;
  if (attribute.NS !== undefined) return attribute.NS.map(Number);
  throw new InvalidScoreItemError(`unsupported attribute type ${Object.keys(attribute).join(",")}`);
}

export function unmarshallImage(image: Record<string, AttributeValue>): { [key: string]: Plain } {
  const result: { [key: string]: Plain } = {};
  for (const [key, attribute] of Object.entries(image)) result[key] = value(attribute);
  return result;
}
