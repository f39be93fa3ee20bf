/** Failed-record pointers to SQS: where the line is and why it failed, never the line itself. */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { foreignErrorText } from "../error-text";
import { DeadLetterError } from "../errors";
import type { DeadLetterSink } from "../ports";
import type { DeadLetterPointer } from "../types";

export class SqsDeadLetters implements DeadLetterSink {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async send(pointer: DeadLetterPointer): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(pointer),
          MessageAttributes: { reason: { DataType: "String", StringValue: pointer.reason } },
        }),
      );
    } catch (error) {
      throw new DeadLetterError(`SQS SendMessage to the failed-records queue failed: ${foreignErrorText(error)}`, {
        cause: error,
      });
    }
  }
}
