// Fetches the greeting from the JSON API and shows it, with the style the stylesheet applied.
fetch('/api/greeting')
  .then((response) => response.json())
  .then((data) => {
    document.getElementById('greeting').textContent = data.greeting;
    document.getElementById('style').textContent =
      'background ' + getComputedStyle(document.body).backgroundColor;
  })
  .catch((error) => {
    document.getElementById('greeting').textContent = 'failed: ' + error;
  });
