-- =====================================================================================
-- `c360-demo deploy --pack media`, step "media-streamlit", before the upload: the stage the
-- media dashboard app (streamlit/media/) is PUT to, for CREATE STREAMLIT ... FROM.
-- =====================================================================================

USE ROLE C360_ENGINEER;

CREATE STAGE IF NOT EXISTS CUSTOMER_ANALYTICS.SFE_ANALYTICS_MEDIA.SFE_STREAMLIT
  DIRECTORY = (ENABLE = TRUE)
  COMMENT = 'Media pack: the Streamlit app (streamlit/media/), uploaded by deploy';
