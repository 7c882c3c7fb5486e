// CloudFront viewer-request function (cloudfront-js-2.0) on /api/*. It names the viewer for the
// API's WAF rate rules, replacing whatever a client sent under that name. An IPv6 viewer is named
// by its /64, the block one subscriber is given, so cycling addresses within it gains nothing.
function viewerKey(ip) {
  if (ip.indexOf(':') === -1) return ip;
  var halves = ip.split('::');
  var head = halves[0] ? halves[0].split(':') : [];
  var tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  var groups = head.concat(new Array(8 - head.length - tail.length).fill('0'), tail);
  return (
    groups
      .slice(0, 4)
      .map((g) => parseInt(g, 16).toString(16))
      .join(':') + '::/64'
  );
}

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the function named handler
function handler(event) {
  event.request.headers['x-pasokh-viewer'] = { value: viewerKey(event.viewer.ip) };
  return event.request;
}
