-- The audit log by action (issue 5): the Logs pane and `audit list
-- --action` ask for the newest entries of one action. Without an index a
-- rare action (user.create, user.password) scanned the whole log from its
-- end: about a second at 6 million entries. With `id` second, the index
-- gives an action's entries newest first and the scan stops at the page.
CREATE INDEX audit_by_action ON audit_log (action, id);
