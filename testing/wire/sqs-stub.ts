/** SQS SendMessage stub (AWS JSON 1.0, X-Amz-Target AmazonSQS.SendMessage), recording the bodies. */
import { createHash, randomUUID } from "node:crypto";
import { awsJsonError, awsJsonTarget, HttpStub, type StubResponse } from "./http-stub";

export class SqsStub extends HttpStub {
  public failWith: StubResponse | undefined;

  public constructor() {
    super((request) => {
      if (awsJsonTarget(request) !== "AmazonSQS.SendMessage") return awsJsonError(400, "UnsupportedOperation", awsJsonTarget(request));
      if (this.failWith) return this.failWith;
      const { MessageBody } = JSON.parse(request.body) as { MessageBody: string };
      // The SDK checks MD5OfMessageBody against what it sent.
      const md5 = createHash("md5").update(MessageBody, "utf8").digest("hex");
      return {
        status: 200,
        body: JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5 }),
        headers: { "content-type": "application/x-amz-json-1.0" },
      };
    });
  }

  /** Parsed message bodies successfully sent. */
  public get messages(): Record<string, unknown>[] {
    return this.requests
      .filter(() => !this.failWith)
      .map((request) => JSON.parse((JSON.parse(request.body) as { MessageBody: string }).MessageBody) as Record<string, unknown>);
  }

  public get queueUrls(): string[] {
    return this.requests.map((request) => (JSON.parse(request.body) as { QueueUrl: string }).QueueUrl);
  }
}
