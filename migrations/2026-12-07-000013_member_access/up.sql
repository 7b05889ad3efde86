-- Everything a signed-in request needs to know about the person's organisations, in the same
-- statement as their session (issue 19: one round trip where one will do).

-- Outside any tenant context, a member may read their organisations' security policy, as they
-- may read the organisations themselves (organizations.member_read): the request guard applies
-- it before any tenant transaction starts.
CREATE POLICY member_read ON security_policies FOR SELECT
  USING (
    app_current_org_id() IS NULL
    AND EXISTS (
      SELECT 1 FROM memberships m
      WHERE m.org_id = security_policies.org_id AND m.user_id = app_current_user_id()
    )
  );

-- A person's memberships with what the guard and the organisation switcher need: role, access
-- expiry, whether the organisation is deleted, its branding and its security policy, oldest
-- first, as a JSON array. Runs as the caller (row-level security applies) in that person's own
-- context, and puts back the context it found, so it may be used inside a tenant transaction
-- and within a single autocommit statement alike. Trusting `p_user` is what `Db::user` does.
CREATE FUNCTION app_member_access(p_user uuid) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
DECLARE
  found_org text := coalesce(current_setting('app.org_id', true), '');
  found_user text := coalesce(current_setting('app.user_id', true), '');
  result jsonb;
BEGIN
  PERFORM set_config('app.org_id', '', true), set_config('app.user_id', p_user::text, true);
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'org_id', o.id,
           'name', o.name,
           'slug', o.slug,
           'role', m.role,
           'primary_colour', o.primary_colour,
           'accent_colour', o.accent_colour,
           'logo_key', o.logo_key,
           'deleted_at', o.deleted_at,
           'access_expires_at', m.access_expires_at,
           'require_mfa', coalesce(p.require_mfa, false),
           'session_idle_minutes', p.session_idle_minutes
         ) ORDER BY m.created_at, o.id), '[]'::jsonb)
    INTO result
    FROM memberships m
    JOIN organizations o ON o.id = m.org_id
    LEFT JOIN security_policies p ON p.org_id = m.org_id
   WHERE m.user_id = p_user;
  PERFORM set_config('app.org_id', found_org, true), set_config('app.user_id', found_user, true);
  RETURN result;
END
$$;
GRANT EXECUTE ON FUNCTION app_member_access(uuid) TO vigil_app;
