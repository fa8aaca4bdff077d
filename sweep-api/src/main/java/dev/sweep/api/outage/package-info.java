/**
 * Outage grace: the API's view of time follows the database ({@link DatabaseClock}), it knows since
 * when the service has been up ({@link ServiceUptime}), and it tells a database outage apart from a
 * bug ({@link DatabaseOutages}) so callers get a 503 with {@code Retry-After} instead of a 500, and
 * no worker is blamed for a lease it could not renew.
 */
package dev.sweep.api.outage;
