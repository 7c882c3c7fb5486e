// @tesseract.js-data/fas ships its trained data and a CommonJS index without types.
declare module '@tesseract.js-data/fas' {
  const data: { code: string; gzip: boolean; langPath: string };
  export default data;
}
