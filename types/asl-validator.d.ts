// asl-validator ships no types; this is the part of its API the infra tests use.
declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errorsText(separator?: string): string;
  }
  export default function aslValidator(
    definition: unknown,
    options?: { checkArn?: boolean; checkPaths?: boolean },
  ): Result;
}
