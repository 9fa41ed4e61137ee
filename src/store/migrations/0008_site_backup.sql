-- 0008: a new capability, `site.backup` (taking a backup of the site:
-- `guichet backup`), given to the built-in admin role, which holds every
-- capability at its widest scope (domain/roles.rs, `admin_grants`). Other
-- roles get it only if an admin grants it.
INSERT INTO capabilities (key, scopes) VALUES ('site.backup', 'all');
INSERT INTO role_capabilities (role_key, capability, scope)
SELECT key, 'site.backup', 'all' FROM roles WHERE key = 'admin';
