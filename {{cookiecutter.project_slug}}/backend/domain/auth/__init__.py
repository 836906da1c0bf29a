"""Users, their passwords and access tokens: register, sign in (OAuth2 password flow), who am I."""
