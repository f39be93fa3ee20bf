/** Failed-record pointers to SQS: where the line is and why it failed, never the line itself. */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DeadLetterError } from "../errors";
import type { DeadLetterSink } from "../ports";
import type { DeadLetterPointer } from "../types";
import { sdkCall } from "./sdk-calls";

export class SqsDeadLetters implements DeadLetterSink {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async send(pointer: DeadLetterPointer): Promise<void> {
    const message = {
      QueueUrl: this.queueUrl,
      MessageBody: JSON.stringify(pointer),
      MessageAttributes: { reason: { DataType: "String", StringValue: pointer.reason } },
    };
    await sdkCall("SQS SendMessage to the failed-records queue", DeadLetterError, () => this.client.send(new SendMessageCommand(message)));
  }
}
