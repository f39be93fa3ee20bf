import { defineEnvironment } from "../define";
import businessLine from "./business-line";

export default defineEnvironment({
  businessLine,
  stage: "staging",
  accountId: "333333333333",
  model: {
    name: "mistral-7b-instruct",
    image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128",
    huggingFaceModelId: "mistralai/Mistral-7B-Instruct-v0.3",
    instanceType: "ml.g5.2xlarge",
    hourlyPriceUsd: 1.97,
    tensorParallelDegree: 1,
  },
  network: {
    vpcId: "vpc-0c1b2c3d4e5f60001",
    subnetIds: ["subnet-0c1b2c3d4e5f60011", "subnet-0c1b2c3d4e5f60012"],
    securityGroupIds: ["sg-0c1b2c3d4e5f60021"],
  },
});
