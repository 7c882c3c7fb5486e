import { afterEach, describe, expect, it } from 'vitest';
import { assertJavaRuntime, JavaMissingError } from '../../../local/dynamodb-local.ts';

const originalPath = process.env.PATH;

describe('Java runtime check for DynamoDB Local', () => {
  afterEach(() => {
    process.env.PATH = originalPath;
  });

  it('says clearly what is missing and how to install it', () => {
    process.env.PATH = '/nonexistent';
    expect(() => assertJavaRuntime()).toThrow(JavaMissingError);
    expect(() => assertJavaRuntime()).toThrow(/Java 17\+.*apt-get install openjdk-17-jre-headless/);
  });

  it('passes where Java 17 or later is installed', () => {
    expect(() => assertJavaRuntime()).not.toThrow();
  });
});
