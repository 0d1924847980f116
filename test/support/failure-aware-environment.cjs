// Jest's node environment, plus one thing: when a test or hook fails, it awaits the failure handler a suite may have
// registered (`globalThis.__shenbaoOnFailure`), before Jest goes on to the next test. The browser suites' harness
// registers one that writes what the pages showed at that moment (test/e2e/support/console-harness.ts), so that a
// failure in a CI run, where nobody can look at the browser, says what the page showed and what the API answered.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

class FailureAwareEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if (event.name !== 'test_fn_failure' && event.name !== 'hook_failure') return;
    const handler = this.global.__shenbaoOnFailure;
    if (typeof handler !== 'function') return;
    const name = event.name === 'test_fn_failure' ? event.test.name : `${event.hook.type} hook`;
    try {
      await handler(name);
    } catch (e) {
      process.stderr.write(`[failure-aware-environment] the failure handler failed: ${e && e.message}\n`);
    }
  }
}

module.exports = FailureAwareEnvironment;
