// Minimal typings for the local servers the tests start (the packages ship none).
declare module "dynalite" {
  import type { Server } from "node:http";
  function dynalite(options?: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; path?: string }): Server;
  export = dynalite;
}

declare module "s3rver" {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }
  class S3rver {
    public constructor(options: S3rverOptions);
    public run(): Promise<{ address: string; port: number }>;
    public close(): Promise<void>;
    /** s3rver is a Koa app: `event` carries S3 event notifications. */
    public on(event: "event", listener: (event: { Records: Record<string, any>[] }) => void): this;
  }
  export = S3rver;
}
