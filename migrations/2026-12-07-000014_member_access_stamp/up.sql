-- A stamp on each person that changes whenever anything `app_member_access` returns for them
-- may have changed: their memberships, those organisations' name, slug, branding or deletion,
-- and those organisations' security policy. The session read returns the stamp and skips
-- `app_member_access` when the server already holds the answer for it (issue 19): the answer
-- is never older than the stamp the same statement read.
CREATE SEQUENCE member_access_stamps;
ALTER TABLE users ADD COLUMN access_stamp bigint NOT NULL DEFAULT nextval('member_access_stamps');
GRANT USAGE ON SEQUENCE member_access_stamps TO vigil_app;

-- New stamps for the members of one organisation, locked in id order so two changes to the
-- same organisation cannot deadlock. Reads the memberships in that organisation's context,
-- whichever context (or role: migrations, ops commands) made the change, then puts it back.
CREATE FUNCTION app_restamp_members(p_org uuid) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
DECLARE
  found_org text := coalesce(current_setting('app.org_id', true), '');
  members uuid[];
BEGIN
  PERFORM set_config('app.org_id', p_org::text, true);
  SELECT array_agg(user_id ORDER BY user_id) INTO members FROM memberships WHERE org_id = p_org;
  PERFORM set_config('app.org_id', found_org, true);
  IF members IS NOT NULL THEN
    PERFORM 1 FROM users WHERE id = ANY (members) ORDER BY id FOR UPDATE;
    UPDATE users SET access_stamp = nextval('member_access_stamps') WHERE id = ANY (members);
  END IF;
END
$$;

CREATE FUNCTION app_restamp_membership() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE users SET access_stamp = nextval('member_access_stamps') WHERE id = OLD.user_id;
  END IF;
  IF TG_OP = 'INSERT' THEN
    UPDATE users SET access_stamp = nextval('member_access_stamps') WHERE id = NEW.user_id;
  ELSIF TG_OP = 'UPDATE' AND NEW.user_id <> OLD.user_id THEN
    UPDATE users SET access_stamp = nextval('member_access_stamps') WHERE id = NEW.user_id;
  END IF;
  RETURN NULL;
END
$$;
-- Every membership change, including those cascaded from a deleted organisation or person.
CREATE TRIGGER restamp_member AFTER INSERT OR UPDATE OR DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION app_restamp_membership();

-- Organisation changes: the organisation's own columns that app_member_access returns, and its
-- security policy.
CREATE FUNCTION app_restamp_organization() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
BEGIN
  PERFORM app_restamp_members(NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER restamp_members AFTER UPDATE ON organizations
  FOR EACH ROW
  WHEN ((OLD.id, OLD.name, OLD.slug, OLD.primary_colour, OLD.accent_colour, OLD.logo_key,
         OLD.deleted_at)
        IS DISTINCT FROM
        (NEW.id, NEW.name, NEW.slug, NEW.primary_colour, NEW.accent_colour, NEW.logo_key,
         NEW.deleted_at))
  EXECUTE FUNCTION app_restamp_organization();

CREATE FUNCTION app_restamp_security_policy() RETURNS trigger
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM app_restamp_members(OLD.org_id);
  ELSE
    PERFORM app_restamp_members(NEW.org_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER restamp_members AFTER INSERT OR UPDATE OR DELETE ON security_policies
  FOR EACH ROW EXECUTE FUNCTION app_restamp_security_policy();
