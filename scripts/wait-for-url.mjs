// Waits until a URL answers (any HTTP status below 500), then stays alive until it is stopped.
// Playwright uses it as a "web server" for a process another web server entry already started.
const [url, timeoutSeconds = '300'] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutSeconds) * 1000;

async function answers() {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

while (!(await answers())) {
  if (Date.now() > deadline) {
    console.error(`${url} did not answer within ${timeoutSeconds}s`);
    process.exit(1);
  }
  await new Promise(resolve => setTimeout(resolve, 1000));
}
setInterval(() => {}, 60_000);
